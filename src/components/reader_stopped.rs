//! The reader (the worker holding the log) stopped: say so, say that what is shown stays,
//! and offer to read the same files again in a fresh one.

use yew::prelude::*;

/// Props of [`ReaderStopped`].
#[derive(Properties, PartialEq)]
pub struct ReaderStoppedProps {
    /// Why it stopped, as the reader or the browser said it.
    pub why: AttrValue,
    /// Whether any file was loaded (then there is something to read again).
    pub loaded: bool,
    /// The admin asked to read the files again.
    pub on_reload: Callback<()>,
    /// It has not stopped for sure: it has not answered for `why` seconds.
    #[prop_or_default]
    pub silent: bool,
}

/// An alert with a "Read the files again" button.
#[component]
pub fn ReaderStopped(props: &ReaderStoppedProps) -> Html {
    let onclick = props.on_reload.reform(|_: MouseEvent| ());
    if props.silent {
        let kept = if props.loaded {
            " What was loaded is still shown. Restarting reads the files again in a fresh reader."
        } else {
            ""
        };
        return html! {
            <div class="notice notice-warn" role="alert" data-testid="reader-silent">
                <span class="notice-glyph" aria-hidden="true">{"⚠"}</span>
                <span class="notice-text">
                    <strong>{format!("The reader has not answered for {} seconds: ", props.why)}</strong>
                    {"it may be busy with a large file, or it may have stopped without saying why."}{kept}
                </span>
                <button type="button" class="btn" data-testid="reload-files" {onclick}>{"Restart the reader"}</button>
            </div>
        };
    }
    let (kept, action) = if props.loaded {
        (
            " What was loaded is still shown; sorting, searching and scrolling to rows not seen yet need the files read again. Files being read when it stopped were not loaded.",
            "Reload the files",
        )
    } else {
        (
            " Files being read when it stopped were not loaded.",
            "Start it again",
        )
    };
    html! {
        <div class="notice notice-bad" role="alert" data-testid="reader-stopped">
            <span class="notice-glyph" aria-hidden="true">{"✗"}</span>
            <span class="notice-text">
                <strong>{"The reader stopped: "}</strong>{super::values::text(&props.why)}{"."}{kept}
            </span>
            <button type="button" class="btn" data-testid="reload-files" {onclick}>{action}</button>
        </div>
    }
}
