//! The veil shown while files are dragged over the window: the whole window is a drop
//! target, and this says so. It never takes the drop itself (the window does).

use yew::prelude::*;

/// Props of [`DropOverlay`].
#[derive(Properties, PartialEq)]
pub struct DropOverlayProps {
    /// Whether files are being dragged over the window.
    pub visible: bool,
    /// Whether a log is loaded already (the drop then adds to it).
    pub adding: bool,
}

/// A full-window hint while dragging files.
#[component]
pub fn DropOverlay(props: &DropOverlayProps) -> Html {
    if !props.visible {
        return html! {};
    }
    let text = if props.adding {
        "Drop to add these files to the log"
    } else {
        "Drop to read these files"
    };
    html! {
        <div class="drop-overlay" aria-hidden="true">
            <div class="drop-overlay-box">
                <span class="drop-overlay-icon">{"⇩"}</span>
                <span>{text}</span>
                <span class="muted">{"Read in this tab; nothing is uploaded."}</span>
            </div>
        </div>
    }
}
