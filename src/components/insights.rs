//! What the log says at a glance, beside the cards: the top error codes (those the service
//! retries by itself apart from those that need the admin), the counts by action × status,
//! and where the log stands against the quarantine thresholds, with the retry schedule.

use provlens_core::advice::{QuarantineRisk, RETRY_SCHEDULE};
use provlens_core::session::Overview;
use provlens_core::summary::ErrorCount;
use provlens_core::Status;
use yew::prelude::*;

use super::values::{plain, text};

use crate::display::{count, glyph, percent};
use crate::shared::Shared;

/// Failures from which the thresholds are evaluated (`advice::quarantine_risk`).
const EVALUATED_FROM: u64 = 5_000;
/// The proportion rule, in percent.
const PROPORTION: u64 = 40;
/// The count rule.
const COUNT_LIMIT: u64 = 40_000;
/// The absolute cap.
const ABSOLUTE_LIMIT: u64 = 60_000;

/// Props of [`Insights`].
#[derive(Properties, PartialEq)]
pub struct InsightsProps {
    /// The log's overview.
    pub overview: Shared<Overview>,
    /// An error code was clicked: filter the grid to it.
    pub on_code: Callback<String>,
}

/// The insight row: top errors, action × status, quarantine risk.
#[component]
pub fn Insights(props: &InsightsProps) -> Html {
    let s = &props.overview.summary;
    if s.events == 0 {
        return html! {};
    }
    // Folded by default so the grid keeps its room; the line says what is inside.
    let admin = s
        .top_errors
        .iter()
        .filter(|e| e.retried_by_service != Some(true))
        .count();
    let retried = s.top_errors.len() - admin;
    let first = s.top_errors.first().map(|e| e.code.as_str());
    let risk = risk_id(s.quarantine_risk).replace('-', " ");
    html! {
        <details class="insights-band" data-testid="insights">
            <summary>
                <strong>{"Insights"}</strong>
                <span class="muted">
                    {match first {
                        Some(code) => format!(" · top error {} · ⚑ {admin} need you · ↻ {retried} retried by the service", plain(code)),
                        None => " · no errors".to_string(),
                    }}
                    {format!(" · quarantine risk: {risk}")}
                </span>
            </summary>
            <section class="insights" aria-label="Insights">
                { top_errors(&s.top_errors, &props.on_code) }
                { action_matrix(&s.by_action_status) }
                { quarantine(s.quarantine_risk, s.count(Status::Failure), s.events) }
            </section>
        </details>
    }
}

fn top_errors(errors: &[ErrorCount], on_code: &Callback<String>) -> Html {
    let retried = errors
        .iter()
        .filter(|e| e.retried_by_service == Some(true))
        .count();
    html! {
        <section class="panel insight top-errors" data-testid="top-errors" aria-label="Top errors">
            <header class="panel-head">
                <h2>{"Top errors"}</h2>
                <span class="muted">{format!("↻ {retried} retried by the service · ⚑ {} need you", errors.len() - retried)}</span>
            </header>
            if errors.is_empty() {
                <p class="muted">{"No failures: nothing to fix."}</p>
            } else {
                <ol class="error-list">
                    { for errors.iter().map(|e| error_row(e, on_code)) }
                </ol>
            }
        </section>
    }
}

fn error_row(e: &ErrorCount, on_code: &Callback<String>) -> Html {
    let auto = e.retried_by_service == Some(true);
    let code = e.code.clone();
    let onclick = on_code.reform(move |_: MouseEvent| code.clone());
    let class = if auto { "retried" } else { "admin" };
    html! {
        <li class={classes!("error-item", class)} data-testid="top-error" data-code={e.code.clone()}
            data-events={e.events.to_string()} data-identities={e.identities.to_string()}
            data-retried={auto.to_string()}>
            <div class="error-line">
                <span class="error-kind" title={if auto { "Retried by the service" } else { "Needs the admin" }} aria-hidden="true">
                    {if auto { "↻" } else { "⚑" }}
                </span>
                <button type="button" class="link code" {onclick} title={format!("Show the failures with {}", plain(&e.code))}>{text(&e.code)}</button>
                <span class="num error-counts">{format!("{} events · {} identities", count(e.events), count(e.identities))}</span>
            </div>
            if let Some(meaning) = &e.meaning {
                <p class="error-meaning">{text(meaning)}</p>
            }
            <p class="error-action">
                if auto {
                    <span class="muted">{"↻ No action needed, retried"}{e.retry.as_deref().map(|r| format!(" ({})", r.to_lowercase())).unwrap_or_default()}</span>
                } else if let Some(action) = &e.action {
                    <strong>{"⚑ "}</strong>{text(action)}
                } else {
                    <span class="muted">{"⚑ Unknown code: read the status reason of one of its events."}</span>
                }
            </p>
        </li>
    }
}

fn action_matrix(
    by: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
) -> Html {
    let statuses = Status::ALL;
    html! {
        <section class="panel insight action-matrix" data-testid="action-matrix" aria-label="Events by action and status">
            <header class="panel-head"><h2>{"Actions × status"}</h2></header>
            <table class="matrix num">
                <thead><tr>
                    <th scope="col">{"Action"}</th>
                    { for statuses.iter().map(|s| html! {
                        <th scope="col" class={format!("st-{}", s.as_str())} title={s.label()}>
                            <span aria-hidden="true">{glyph(*s)}</span><span class="visually-hidden">{s.label()}</span>
                        </th>
                    }) }
                </tr></thead>
                <tbody>
                    { for by.iter().map(|(action, row)| html! {
                        <tr data-testid="action-row" data-action={action.clone()}>
                            <th scope="row">{action.clone()}</th>
                            { for statuses.iter().map(|s| {
                                let n = row.get(s.as_str()).copied().unwrap_or(0);
                                html! {
                                    <td data-status={s.as_str()} data-value={n.to_string()}
                                        class={classes!((n > 0).then(|| format!("st-{}", s.as_str())), (n == 0).then_some("zero"))}>
                                        {if n == 0 { "·".to_string() } else { count(n) }}
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// Where the log stands against the quarantine thresholds, in words.
pub fn risk_text(risk: QuarantineRisk, failures: u64, events: u64) -> String {
    let share = percent(failures, events);
    match risk {
        QuarantineRisk::BelowEvaluation => format!(
            "Below evaluation: {} failure{} of {} needed before the thresholds apply.",
            count(failures),
            if failures == 1 { "" } else { "s" },
            count(EVALUATED_FROM)
        ),
        QuarantineRisk::Safe => format!(
            "Evaluated and under every threshold: {} failures, {share} of events (limit {PROPORTION}% and {}).",
            count(failures),
            count(COUNT_LIMIT)
        ),
        QuarantineRisk::OverProportion => format!(
            "Over {PROPORTION}% failing: {} failures are {share} of events. The job may be quarantined.",
            count(failures)
        ),
        QuarantineRisk::OverCount => format!(
            "Over {} failures: {}. The job may be quarantined.",
            count(COUNT_LIMIT),
            count(failures)
        ),
        QuarantineRisk::OverAbsolute => format!(
            "Over the absolute cap of {} failures: {}. The job may be quarantined.",
            count(ABSOLUTE_LIMIT),
            count(failures)
        ),
    }
}

fn risk_id(risk: QuarantineRisk) -> &'static str {
    match risk {
        QuarantineRisk::BelowEvaluation => "below-evaluation",
        QuarantineRisk::Safe => "safe",
        QuarantineRisk::OverProportion => "over-proportion",
        QuarantineRisk::OverCount => "over-count",
        QuarantineRisk::OverAbsolute => "over-absolute",
    }
}

fn quarantine(risk: QuarantineRisk, failures: u64, events: u64) -> Html {
    let bad = !matches!(risk, QuarantineRisk::BelowEvaluation | QuarantineRisk::Safe);
    html! {
        <section class={classes!("panel", "insight", "quarantine-risk", bad.then_some("at-risk"))}
            data-testid="quarantine-risk" data-risk={risk_id(risk)} data-failures={failures.to_string()}
            aria-label="Quarantine risk">
            <header class="panel-head"><h2>{if bad { "⚠ Quarantine risk" } else { "Quarantine risk" }}</h2></header>
            <p class="risk-text">{risk_text(risk, failures, events)}</p>
            <p class="muted">{format!(
                "Thresholds (subject to change): evaluated from {} failures; quarantine above {PROPORTION}% failing, above {} failures, or above {} in all. Counted over the loaded logs, all failures included.",
                count(EVALUATED_FROM), count(COUNT_LIMIT), count(ABSOLUTE_LIMIT))}</p>
            <details class="retry-schedule" data-testid="retry-schedule">
                <summary>{"How the service retries"}</summary>
                <ul>{ for RETRY_SCHEDULE.iter().map(|s| html! { <li>{*s}</li> }) }</ul>
            </details>
        </section>
    }
}
