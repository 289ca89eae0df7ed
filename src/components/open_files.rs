//! The "Open files" button: a real `<input type=file multiple>` (kept in the accessibility
//! tree and keyboard reachable, only visually hidden) inside a label styled as a button. The
//! chosen files take the same path as a drop.

use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

use crate::load::files_of;

/// Props of [`OpenFiles`].
#[derive(Properties, PartialEq)]
pub struct OpenFilesProps {
    /// The button's text.
    pub label: AttrValue,
    /// The main call to action (filled) rather than a quiet button.
    #[prop_or_default]
    pub primary: bool,
    /// Files were chosen.
    pub on_files: Callback<Vec<File>>,
}

/// A file picker that looks like a button.
#[component]
pub fn OpenFiles(props: &OpenFilesProps) -> Html {
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let files = files_of(input.files());
            // Cleared so that choosing the same file again (say, a fresh download under the
            // same name) is a change too.
            input.set_value("");
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let class = classes!("btn", "file-button", props.primary.then_some("btn-primary"));
    html! {
        <label {class}>
            <input type="file" multiple=true class="visually-hidden" {onchange} />
            {props.label.clone()}
        </label>
    }
}
