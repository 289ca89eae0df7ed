//! The verdict on an identity in words an admin can act on: what became of the account,
//! why, the error code behind it, and the next step.

use provlens_core::timeline::{Verdict, VerdictKind};
use yew::prelude::*;

use super::values::{text, tip};

use crate::display::time_compact;

/// Props of [`VerdictCard`].
#[derive(Properties, PartialEq)]
pub struct VerdictCardProps {
    /// The verdict.
    pub verdict: Verdict,
}

/// The verdict box atop a timeline (or alone, when nothing matches the search).
#[component]
pub fn VerdictCard(props: &VerdictCardProps) -> Html {
    let v = &props.verdict;
    let kind = v.kind.as_str();
    html! {
        <div class={classes!("verdict", format!("v-{kind}"))} data-testid="user-verdict" data-verdict={kind} role="status">
            <p class="verdict-head">
                <span class="verdict-glyph" aria-hidden="true">{glyph(v.kind)}</span>
                <strong>{v.kind.label()}</strong>
                if let Some(since) = v.since {
                    <span class="muted num">{format!(" since {} {}", time_compact(since), crate::display::zone())}</span>
                }
            </p>
            <p class="verdict-reason" title={tip(&v.reason)}>{text(&v.reason)}</p>
            if let Some(code) = &v.error_code {
                <p class="verdict-code">{"Error code: "}<code class="code">{text(code)}</code></p>
            }
            if let Some(next) = &v.next_step {
                <p class="verdict-next" title={tip(next)}><strong>{"Next step: "}</strong>{text(next)}</p>
            }
        </div>
    }
}

fn glyph(kind: VerdictKind) -> &'static str {
    match kind {
        VerdictKind::Provisioned => "✓",
        VerdictKind::Failing => "✗",
        VerdictKind::Retrying => "↻",
        VerdictKind::Skipped => "⤼",
        VerdictKind::Disabled => "⊘",
        VerdictKind::Deleted => "⊖",
        VerdictKind::NotFound => "?",
    }
}
