//! The selected event in full: the outcome first (error code, meaning, reason, recommended
//! action), then when and what; every id (change, cycle, job, source and target); the steps;
//! and the modified properties, old → new.

use provlens_core::advice::{self, Advice};
use provlens_core::event::{ModifiedProperty, Party, Step};
use provlens_core::{Event, Status};
use yew::prelude::*;

use super::status_badge::StatusBadge;
use crate::display::{glyph, time, time_title};
use crate::shared::Shared;

/// Props of [`EventDetails`].
#[derive(Properties, PartialEq)]
pub struct EventDetailsProps {
    /// The event shown.
    pub event: Shared<Event>,
    /// The name of the file it was read from.
    pub file: Option<AttrValue>,
}

/// The details pane.
#[component]
pub fn EventDetails(props: &EventDetailsProps) -> Html {
    let e = &*props.event;
    let file = props.file.clone();
    let when = e.time.map_or_else(|| "—".to_string(), time);
    html! {
        <section class="panel details" data-testid="event-details" data-event-id={e.id.to_string()} aria-label="Event details">
            <header class="panel-head">
                <h2>{"Event"}</h2>
                <span class="details-what">{e.action.label()}{" · "}<span class="num" title={e.time.map(time_title)}>{when.clone()}</span></span>
                <StatusBadge status={e.status} />
            </header>
            // The outcome first: what went wrong and what to do is what the admin came for.
            { outcome(e) }
            <dl class="facts">
                <dt>{"Date"}</dt>
                <dd class="num" title={e.time.map(time_title)}>{when}{" UTC"}</dd>
                <dt>{"Action"}</dt>
                <dd>{e.action.label()}
                    if !e.activity.eq_ignore_ascii_case(e.action.label()) {
                        <span class="muted">{format!(" ({})", e.activity)}</span>
                    }
                </dd>
                <dt>{"Target(s)"}</dt>
                <dd>{e.identity_label()}</dd>
                if let Some(ms) = e.duration_ms {
                    <dt>{"Duration"}</dt>
                    <dd class="num">{format!("{ms} ms")}</dd>
                }
            </dl>
            <h3>{"Identifiers"}</h3>
            <dl class="facts ids">
                { fact("Event id", Some(&*e.id)) }
                { fact("Change id", e.change_id.as_deref()) }
                { fact("Cycle id", e.cycle_id.as_deref()) }
                { fact("Job id", e.job_id.as_deref()) }
                { fact("App", e.app.as_deref()) }
                { fact("Source system", e.source_system.as_deref()) }
                { party("Source", &e.source) }
                { fact("Target system", e.target_system.as_deref()) }
                { party("Target", &e.target) }
                { fact("Reportable id", e.reportable_id.as_deref()) }
                { fact("File", file.as_deref()) }
            </dl>
            if !e.steps.is_empty() {
                <h3>{"Steps"}</h3>
                <ol class="step-list">{ for e.steps.iter().map(step) }</ol>
            }
            if !e.modified.is_empty() {
                <h3>{"Modified properties"}</h3>
                <table class="props">
                    <thead><tr><th scope="col">{"Property"}</th><th scope="col">{"Old value"}</th><th scope="col">{"New value"}</th></tr></thead>
                    <tbody>{ for e.modified.iter().map(modified) }</tbody>
                </table>
            }
        </section>
    }
}

/// What the code means and what to do: the record's own words first, the advice table's
/// explanation beside them.
fn outcome(e: &Event) -> Html {
    if e.status == Status::Success && e.error_code.is_none() && e.reason.is_none() {
        return html! {};
    }
    let advice: Option<&Advice> = e.error_code.as_deref().and_then(|code| {
        advice::explain(code).or_else(|| {
            (e.status == Status::Skipped)
                .then(|| advice::skip_reason(code))
                .flatten()
        })
    });
    let action = e.recommended_action.as_deref().or(advice.map(|a| a.action));
    html! {
        <div class={classes!("callout", "outcome", format!("st-{}", e.status.as_str()))}>
            <p class="callout-head">
                <span aria-hidden="true">{glyph(e.status)}{" "}</span>
                if let Some(code) = &e.error_code {
                    <code class="code">{&**code}</code>
                } else {
                    <strong>{e.status.label()}</strong>
                }
            </p>
            if let Some(a) = advice {
                <p class="callout-meaning">{a.meaning}</p>
            }
            if let Some(reason) = &e.reason {
                <p class="callout-reason">{&**reason}</p>
            }
            if let Some(action) = action {
                <p class="callout-action"><strong>{"Recommended action: "}</strong>{action}</p>
            }
            if let Some(a) = advice {
                <p class="muted">{a.retry.label()}</p>
            }
        </div>
    }
}

fn fact(label: &str, value: Option<&str>) -> Html {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => html! { <><dt>{label.to_string()}</dt><dd class="mono">{v.to_string()}</dd></> },
        None => html! {},
    }
}

fn party(side: &str, p: &Party) -> Html {
    let mut parts: Vec<String> = Vec::new();
    if let Some(name) = &p.display_name {
        parts.push(name.to_string());
    }
    if let Some(upn) = p
        .upn
        .as_deref()
        .filter(|u| Some(*u) != p.display_name.as_deref())
    {
        parts.push(upn.to_string());
    }
    if let Some(kind) = &p.kind {
        parts.push(format!("({kind})"));
    }
    html! {
        <>
            { fact(&format!("{side} object"), (!parts.is_empty()).then(|| parts.join(" ")).as_deref()) }
            { fact(&format!("{side} id"), p.id.as_deref()) }
        </>
    }
}

fn step(s: &Step) -> Html {
    html! {
        <li class={classes!("step-item", format!("st-{}", s.status.as_str()))}>
            <div class="step-head">
                <span class="step-glyph" aria-hidden="true">{glyph(s.status)}</span>
                <strong>{s.kind.label()}</strong>
                <span class="muted mono">{&*s.name}</span>
                <span class="visually-hidden">{format!(" ({})", s.status.label())}</span>
            </div>
            if !s.description.is_empty() {
                <p class="step-desc">{&*s.description}</p>
            }
            if !s.details.is_empty() {
                <details class="step-details">
                    <summary>{format!("Details ({})", s.details.len())}</summary>
                    <dl class="facts">
                        { for s.details.iter().map(|(k, v)| html! { <><dt>{&**k}</dt><dd class="mono">{&**v}</dd></> }) }
                    </dl>
                </details>
            }
        </li>
    }
}

fn modified(m: &ModifiedProperty) -> Html {
    let show = |v: &Option<provlens_core::Text>| match v.as_deref() {
        Some(v) if !v.is_empty() => html! { <span class="mono">{v.to_string()}</span> },
        _ => html! { <span class="muted">{"(empty)"}</span> },
    };
    html! {
        <tr>
            <th scope="row">{&*m.name}</th>
            <td>{show(&m.old)}</td>
            <td>{show(&m.new)}</td>
        </tr>
    }
}
