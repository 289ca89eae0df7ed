//! The summary cards: events, identities, each status, first and last activity. The status
//! cards are buttons that filter the grid; pressing the active one again shows all.

use provlens_core::session::Overview;
use provlens_core::summary::Summary;
use provlens_core::{Status, Timestamp};
use yew::prelude::*;

use crate::display::{count, glyph, time_compact, time_title};
use crate::shared::Shared;

/// Props of [`SummaryCards`].
#[derive(Properties, PartialEq)]
pub struct SummaryCardsProps {
    /// The log's overview: its numbers.
    pub overview: Shared<Overview>,
    /// The grid's status filter.
    pub status: Option<Status>,
    /// A card asked for a status filter (or none).
    pub on_status: Callback<Option<Status>>,
}

/// The row of cards.
#[component]
pub fn SummaryCards(props: &SummaryCardsProps) -> Html {
    let s = &props.overview.summary;
    let all = {
        let on_status = props.on_status.clone();
        Callback::from(move |_: MouseEvent| on_status.emit(None))
    };
    html! {
        <section class="cards" aria-label="Summary">
            <button type="button" class="card card-button" data-testid="summary-card" data-metric="events"
                data-value={s.events.to_string()} aria-pressed={props.status.is_none().to_string()} onclick={all}
                title="Show all events">
                <span class="card-label">{"Events"}</span>
                { card_count(s.events) }
            </button>
            <div class="card" data-testid="summary-card" data-metric="identities" data-value={s.identities.to_string()}>
                <span class="card-label">{"Identities"}</span>
                { card_count(s.identities) }
            </div>
            { for Status::ALL.into_iter().map(|status| status_card(s, status, props)) }
            { time_card("first-activity", "First activity", s.first) }
            { time_card("last-activity", "Last activity", s.last) }
        </section>
    }
}

/// A status count that filters the grid to that status.
fn status_card(s: &Summary, status: Status, props: &SummaryCardsProps) -> Html {
    let n = s.count(status);
    let active = props.status == Some(status);
    let onclick = {
        let on_status = props.on_status.clone();
        Callback::from(move |_: MouseEvent| {
            on_status.emit(if active { None } else { Some(status) })
        })
    };
    let title = if active {
        "Show all events".to_string()
    } else {
        format!("Show only {} events", status.as_str())
    };
    html! {
        <button type="button" class={classes!("card", "card-button", format!("st-{}", status.as_str()), active.then_some("active"))}
            data-testid="summary-card" data-metric={status.as_str()} data-value={n.to_string()}
            aria-pressed={active.to_string()} {onclick} {title}>
            <span class="card-label"><span class="card-glyph" aria-hidden="true">{glyph(status)}</span>{status.label()}</span>
            { card_count(n) }
        </button>
    }
}

/// A card's count; seven digits and more in a smaller size, so a million fits the card.
fn card_count(n: u64) -> Html {
    let text = count(n);
    let long = text.len() > 7;
    html! { <span class={classes!("card-value", "num", long.then_some("long"))}>{text}</span> }
}

/// A first/last activity card: compact on screen, RFC 3339 in the hook and the tooltip.
fn time_card(metric: &'static str, label: &'static str, t: Option<Timestamp>) -> Html {
    let value = t.map(|t| t.rfc3339()).unwrap_or_default();
    let shown = t.map_or_else(|| "—".to_string(), time_compact);
    html! {
        <div class="card card-time" data-testid="summary-card" data-metric={metric} data-value={value} title={t.map(time_title)}>
            <span class="card-label">{label}<span class="card-unit">{crate::display::zone()}</span></span>
            <span class="card-value num">{shown}</span>
        </div>
    }
}
