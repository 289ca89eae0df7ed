//! The light/dark switch. Until it is used, the page follows the system's preference.

use yew::prelude::*;

/// Props of [`ThemeToggle`].
#[derive(Properties, PartialEq)]
pub struct ThemeToggleProps {
    /// Whether the page is dark now.
    pub dark: bool,
    /// The admin asked for the other scheme.
    pub on_toggle: Callback<()>,
}

/// A ◐ button.
#[component]
pub fn ThemeToggle(props: &ThemeToggleProps) -> Html {
    let label = if props.dark {
        "Switch to the light theme"
    } else {
        "Switch to the dark theme"
    };
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="btn btn-icon" data-testid="theme-toggle" aria-label={label} title={label} {onclick}>
            <span aria-hidden="true">{"◐"}</span>
        </button>
    }
}
