//! A problem the admin must read that belongs to no file (e.g. the demo could not be
//! fetched), with a way to dismiss it.

use yew::prelude::*;

/// Props of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// What went wrong, as a sentence.
    pub text: AttrValue,
    /// The admin dismissed it.
    pub on_dismiss: Callback<()>,
}

/// An alert line with a Dismiss button.
#[component]
pub fn Notice(props: &NoticeProps) -> Html {
    let onclick = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="notice" role="alert" data-testid="notice">
            <span class="notice-glyph" aria-hidden="true">{"⚠"}</span>
            <span class="notice-text">{super::values::text(&props.text)}</span>
            <button type="button" class="btn btn-quiet" {onclick}>{"Dismiss"}</button>
        </div>
    }
}
