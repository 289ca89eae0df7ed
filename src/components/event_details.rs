//! The selected event in full: the outcome first (error code, meaning, reason, recommended
//! action), then when and what; then tabs: the steps (each with its details as a key/value
//! table), troubleshooting (the code explained, who retries it and when), the modified
//! properties old → new (JSON-in-strings decoded), every identifier with a copy button, and
//! the event as JSON.

use provlens_core::advice::{self, Advice};
use provlens_core::event::{ModifiedProperty, Party, Step};
use provlens_core::raw::RawRecord;
use provlens_core::{Event, Status};
use yew::prelude::*;

use super::copy_button::CopyButton;
use super::status_badge::StatusBadge;
use super::values::{escape_hidden, text, value};
use crate::display::{glyph, time, time_title};
use crate::shared::Shared;

/// Props of [`EventDetails`].
#[derive(Properties, PartialEq)]
pub struct EventDetailsProps {
    /// The event shown.
    pub event: Shared<Event>,
    /// The name of the file it was read from.
    pub file: Option<AttrValue>,
    /// Its index in the log.
    pub index: u32,
    /// The record of an event as it is in its file (shown when it is this event's).
    #[prop_or_default]
    pub raw: Option<Shared<RawRecord>>,
    /// Asks for the record of the event with this index (when the Raw tab shows it).
    #[prop_or_default]
    pub on_raw: Callback<u32>,
}

/// The details pane.
#[component]
pub fn EventDetails(props: &EventDetailsProps) -> Html {
    let e = &*props.event;
    let file = props.file.clone();
    // A failure opens on what to do about it; anything else on its steps.
    let tab = use_state_eq(|| "");
    let current = match *tab {
        "" if e.status == Status::Failure || e.error_code.is_some() => "troubleshooting",
        "" => "steps",
        t => t,
    };
    // The Raw tab reads the record from its file, once per event shown there.
    let raw = props.raw.as_deref().filter(|r| r.index == props.index);
    {
        let on_raw = props.on_raw.clone();
        let wanted = current == "raw" && raw.is_none();
        use_effect_with((wanted, props.index), move |(wanted, index)| {
            if *wanted {
                on_raw.emit(*index);
            }
        });
    }
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
                <dd class="num" title={e.time.map(time_title)}>{when}{" "}{crate::display::zone()}</dd>
                <dt>{"Action"}</dt>
                <dd>{e.action.label()}
                    if !e.activity.eq_ignore_ascii_case(e.action.label()) {
                        <span class="muted">{" ("}{text(&e.activity)}{")"}</span>
                    }
                </dd>
                <dt>{"Target(s)"}</dt>
                <dd>{text(e.identity_label())}</dd>
                if let Some(ms) = e.duration_ms {
                    <dt>{"Duration"}</dt>
                    <dd class="num">{format!("{ms} ms")}</dd>
                }
            </dl>
            <nav class="details-tabs" role="tablist" aria-label="Event sections">
                { for TABS.iter().map(|(id, label)| {
                    let n = match *id {
                        "steps" => Some(e.steps.len()),
                        "modified" => Some(e.modified.len()),
                        _ => None,
                    };
                    let chosen = *id == current;
                    let pick = tab.clone();
                    let id = *id;
                    html! {
                        <button type="button" role="tab" class={classes!("details-tab", chosen.then_some("chosen"))}
                            data-testid="details-tab" data-tab={id} aria-selected={chosen.to_string()}
                            onclick={Callback::from(move |_: MouseEvent| pick.set(id))}>
                            {*label}
                            if let Some(n) = n { <span class="muted num">{format!(" {n}")}</span> }
                        </button>
                    }
                }) }
            </nav>
            <div class="details-section" role="tabpanel" data-testid="details-section" data-tab={current}>
                { match current {
                    "troubleshooting" => troubleshooting(e),
                    "modified" => modified_table(e),
                    "ids" => identifiers(e, file.as_deref()),
                    "raw" => raw_record(raw),
                    _ => steps(e),
                } }
            </div>
        </section>
    }
}

/// The sections of the details, by id and label.
const TABS: [(&str, &str); 5] = [
    ("steps", "Steps"),
    ("troubleshooting", "Troubleshooting"),
    ("modified", "Modified"),
    ("ids", "Identifiers"),
    ("raw", "Raw"),
];

fn steps(e: &Event) -> Html {
    if e.steps.is_empty() {
        return html! { <p class="muted">{"This record has no steps."}</p> };
    }
    html! { <ol class="step-list">{ for e.steps.iter().map(step) }</ol> }
}

fn troubleshooting(e: &Event) -> Html {
    let advice: Option<&Advice> = e.error_code.as_deref().and_then(|code| {
        advice::explain(code).or_else(|| {
            (e.status == Status::Skipped)
                .then(|| advice::skip_reason(code))
                .flatten()
        })
    });
    let retry = e.reason.as_deref().and_then(advice::retry_sentence);
    if e.error_code.is_none() && e.reason.is_none() {
        return html! { <p class="muted" data-testid="troubleshooting">{format!("{}: nothing to troubleshoot.", e.status.label())}</p> };
    }
    html! {
        <dl class="facts troubleshooting" data-testid="troubleshooting">
            <dt>{"Status"}</dt>
            <dd>{glyph(e.status)}{" "}{e.status.label()}</dd>
            if let Some(code) = &e.error_code {
                <dt>{"Error code"}</dt>
                <dd><code class="code">{text(code)}</code>
                    if let Some(a) = advice.filter(|a| !a.code.eq_ignore_ascii_case(code)) {
                        <span class="muted">{format!(" (known as {})", a.code)}</span>
                    }
                </dd>
            }
            if let Some(reason) = &e.reason {
                <dt>{"Reason"}</dt>
                <dd class="reason-text">{text(reason)}</dd>
            }
            if let Some(action) = &e.recommended_action {
                <dt>{"Recommended action"}</dt>
                <dd>{text(action)}</dd>
            }
            if let Some(a) = advice {
                <dt>{"What it means"}</dt>
                <dd>{a.meaning}</dd>
                <dt>{"What to do"}</dt>
                <dd>{a.action}</dd>
                <dt>{"Retried?"}</dt>
                <dd data-testid="retry-class" data-retried={a.retry.retried_by_service().to_string()}>
                    {if a.retry.retried_by_service() { "↻ " } else { "⚑ " }}{a.retry.label()}
                </dd>
            } else if e.error_code.is_some() {
                <dt>{"What it means"}</dt>
                <dd class="muted">{"Not a code provlens knows: the reason above is the record's own explanation."}</dd>
            }
            if let Some((n, next)) = retry {
                <dt>{"Retries so far"}</dt>
                <dd class="num">{format!("{n}")}
                    if let Some(t) = next {
                        {" · next attempt "}<span title={time_title(t)}>{time(t)}</span>
                    }
                </dd>
            }
        </dl>
    }
}

fn modified_table(e: &Event) -> Html {
    if e.modified.is_empty() {
        return html! { <p class="muted">{"No property was modified by this event."}</p> };
    }
    html! {
        <table class="props">
            <thead><tr><th scope="col">{"Property"}</th><th scope="col">{"Old value"}</th><th scope="col">{"New value"}</th></tr></thead>
            <tbody>{ for e.modified.iter().map(modified) }</tbody>
        </table>
    }
}

fn identifiers(e: &Event, file: Option<&str>) -> Html {
    html! {
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
            { fact("File", file) }
            { fact("Line in file", Some(&e.span.line.to_string())) }
        </dl>
    }
}

/// The record as it is in its file (or the event's model, with the reason), with where it
/// is and a copy button.
fn raw_record(raw: Option<&RawRecord>) -> Html {
    let Some(r) = raw else {
        return html! {
            <p class="muted" data-testid="raw-loading">{"Reading the record from its file…"}</p>
        };
    };
    // Copied as it is; shown with hidden characters as \u escapes (the same JSON).
    let copy = AttrValue::from(r.text.clone());
    let shown = escape_hidden(&r.text);
    let what = if r.original {
        "The record as it is in the file"
    } else {
        "The event as provlens read it"
    };
    html! {
        <div class="raw" data-testid="raw-record" data-original={r.original.to_string()}>
            <p class="muted raw-note" data-testid="raw-note">
                {format!("{what}: ")}{text(&r.place)}{"."}
                // The place and the note name the file: a name is logged text like any other.
                if let Some(note) = &r.note { {" "}{text(note)} }
                {" "}<CopyButton text={copy} label={if r.original { "Copy the record" } else { "Copy the event as JSON" }} />
            </p>
            <pre class="raw-json mono" data-testid="raw-json">{shown}</pre>
        </div>
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
                    <code class="code">{text(code)}</code>
                } else {
                    <strong>{e.status.label()}</strong>
                }
            </p>
            if let Some(a) = advice {
                <p class="callout-meaning">{a.meaning}</p>
            }
            if let Some(reason) = &e.reason {
                <p class="callout-reason">{text(reason)}</p>
            }
            if let Some(action) = action {
                <p class="callout-action"><strong>{"Recommended action: "}</strong>{text(action)}</p>
            }
            if let Some(a) = advice {
                <p class="muted">{a.retry.label()}</p>
            }
        </div>
    }
}

fn fact(label: &str, value: Option<&str>) -> Html {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => html! {
            <>
                <dt>{label.to_string()}</dt>
                <dd class="mono copyable">
                    <span>{text(v)}</span>
                    <CopyButton text={AttrValue::from(v.to_string())} label={format!("Copy {}", label.to_lowercase())} />
                </dd>
            </>
        },
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
                <span class="muted mono">{text(&s.name)}</span>
                <span class="visually-hidden">{format!(" ({})", s.status.label())}</span>
            </div>
            if !s.description.is_empty() {
                <p class="step-desc">{text(&s.description)}</p>
            }
            if !s.details.is_empty() {
                <table class="props step-details" data-testid="step-details">
                    <tbody>
                        { for s.details.iter().map(|(k, v)| html! {
                            <tr><th scope="row">{text(k)}</th><td>{value(Some(&**v))}</td></tr>
                        }) }
                    </tbody>
                </table>
            }
        </li>
    }
}

fn modified(m: &ModifiedProperty) -> Html {
    html! {
        <tr data-testid="modified-property" data-name={m.name.to_string()}>
            <th scope="row">{text(&m.name)}</th>
            <td>{value(m.old.as_deref())}</td>
            <td>{value(m.new.as_deref())}</td>
        </tr>
    }
}
