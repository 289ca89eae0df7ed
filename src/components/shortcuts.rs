//! The keyboard shortcut list (`?`), and the UTC / local time switch.

use yew::prelude::*;

/// The shortcuts, as shown.
const KEYS: [(&str, &str); 8] = [
    ("/", "Focus the search"),
    ("↑ ↓", "Move through the events (in the grid)"),
    (
        "PgUp PgDn Home End",
        "Move a page, to the first, to the last",
    ),
    (
        "Enter",
        "Open the focused event; on a column heading, sort by it",
    ),
    ("Space", "Sort by the focused column heading"),
    ("Tab", "Reach the column headings, filters and buttons"),
    (
        "Esc",
        "Close this list or the query popover; clear the selection",
    ),
    ("?", "Show or hide this list"),
];

/// Props of [`Shortcuts`].
#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    /// Close the list.
    pub on_close: Callback<()>,
}

/// The shortcut list, over the page.
#[component]
pub fn Shortcuts(props: &ShortcutsProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="shortcuts-backdrop" onclick={close.clone()}>
            <div class="popover shortcuts" data-testid="shortcuts" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <div class="popover-head">
                    <strong>{"Keyboard shortcuts"}</strong>
                    <span class="spacer" />
                    <button type="button" class="btn btn-small" onclick={close} aria-label="Close">{"✕"}</button>
                </div>
                <dl class="shortcut-list">
                    { for KEYS.iter().map(|(k, what)| html! {
                        <>
                            <dt>{ for k.split(' ').map(|k| html! { <kbd>{k}</kbd> }) }</dt>
                            <dd>{*what}</dd>
                        </>
                    }) }
                </dl>
            </div>
        </div>
    }
}

/// Props of [`TimezoneToggle`].
#[derive(Properties, PartialEq)]
pub struct TimezoneToggleProps {
    /// Times are in UTC now.
    pub utc: bool,
    /// Switch.
    pub on_toggle: Callback<()>,
}

/// The UTC / local switch.
#[component]
pub fn TimezoneToggle(props: &TimezoneToggleProps) -> Html {
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    let (label, title) = if props.utc {
        ("UTC", "Times in UTC: show them in this browser's time zone")
    } else {
        (
            "Local",
            "Times in this browser's time zone: show them in UTC",
        )
    };
    html! {
        <button type="button" class="btn btn-small tz-toggle" data-testid="timezone-toggle" data-zone={if props.utc { "utc" } else { "local" }}
            aria-pressed={(!props.utc).to_string()} aria-label={format!("Time zone: {label}")} {title} {onclick}>
            {label}
        </button>
    }
}
