//! The progress of the load in flight: which file, bytes read of all, events found, and a
//! way to stop. Present only while loading; the reader updates it several times a second.

use yew::prelude::*;

use crate::display::{bytes, count, plural};
use provlens::protocol::BatchProgress;

/// Props of [`LoadProgressBar`].
#[derive(Properties, PartialEq)]
pub struct LoadProgressBarProps {
    /// How far the load has come.
    pub progress: BatchProgress,
    /// The admin stopped the load.
    pub on_cancel: Callback<()>,
}

/// A `<progress>` in bytes with the file's name, bytes and events, and Cancel.
#[component]
pub fn LoadProgressBar(props: &LoadProgressBarProps) -> Html {
    let p = &props.progress;
    let onclick = props.on_cancel.reform(|_: MouseEvent| ());
    let of_files = if p.files > 1 {
        format!(" (file {} of {})", p.number, p.files)
    } else {
        String::new()
    };
    let doing = if p.indexing {
        html! { <span>{"Indexing "}<strong>{plural(u64::from(p.files), "file", "files")}</strong>{" for sorting and search"}</span> }
    } else if p.file.is_empty() {
        html! { <span>{"Starting to read "}{plural(u64::from(p.files), "file", "files")}</span> }
    } else {
        html! { <span>{"Reading "}<strong>{super::values::line_text(&p.file)}</strong>{of_files}</span> }
    };
    html! {
        <div class="load-status" role="status" aria-live="polite">
            <div class="load-status-text">
                {doing}
                <span class="num">{format!("{} of {} · {} events", bytes(p.bytes), bytes(p.total_bytes), count(p.events))}</span>
            </div>
            <div class="load-status-bar">
                <progress data-testid="load-progress" value={p.bytes.to_string()} max={p.total_bytes.max(1).to_string()}
                    aria-label="Bytes read" />
                <button type="button" class="btn btn-quiet" data-testid="cancel-load" {onclick}>{"Cancel"}</button>
            </div>
        </div>
    }
}
