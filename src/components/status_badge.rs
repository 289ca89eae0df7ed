//! A status shown with its colour, its glyph and its word, so it reads without colour too.

use provlens_core::Status;
use yew::prelude::*;

use crate::display::glyph;

/// Props of [`StatusBadge`].
#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    /// The status.
    pub status: Status,
}

/// `✗ Failure` in the failure colour.
#[component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    let s = props.status;
    html! {
        <span class={classes!("badge", format!("st-{}", s.as_str()))}>
            <span class="badge-glyph" aria-hidden="true">{glyph(s)}</span>
            {s.label()}
        </span>
    }
}
