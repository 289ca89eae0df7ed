//! The filters beyond search, status and activity, in one compact row: a time range (also
//! set by dragging over the histogram), job, source and target system, app (lists of the
//! values present), cycle and change (ids, typed or pasted), hide skipped (with how many it
//! hides), and Clear filters. Each change is a whole new [`Query`] for the page's state.

use provlens_core::query::Query;
use provlens_core::session::Overview;
use provlens_core::{Status, Timestamp};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::values::plain;

use crate::display::count;
use crate::shared::Shared;

/// The value of a list's "All" option.
const ALL: &str = "\u{1}all";

/// Props of [`FilterBar`].
#[derive(Properties, PartialEq)]
pub struct FilterBarProps {
    /// The query the admin wants.
    pub query: Query,
    /// The log's overview: the values present, the skipped count.
    pub overview: Shared<Overview>,
    /// The query changed.
    pub on_query: Callback<Query>,
}

/// A `datetime-local` value as a time (the value read in UTC): `2026-10-05T06:01` or with
/// seconds.
pub fn parse_local_input(value: &str) -> Option<Timestamp> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let full = if v.len() == 16 {
        format!("{v}:00Z")
    } else {
        format!("{v}Z")
    };
    Timestamp::parse(&full)
}

/// A time as a `datetime-local` value in the zone times are shown in, to the second.
fn input_value(t: Option<Timestamp>) -> String {
    t.map(|t| {
        crate::display::shown(t)
            .rfc3339()
            .trim_end_matches('Z')
            .to_string()
    })
    .unwrap_or_default()
}

/// True when the query filters anything (the sort does not count).
pub fn filtered(q: &Query) -> bool {
    !q.is_everything()
}

/// The filter row.
#[component]
pub fn FilterBar(props: &FilterBarProps) -> Html {
    let q = &props.query;
    let o = &props.overview;
    let edit = |f: fn(&mut Query, Option<String>)| {
        let (query, on_query) = (q.clone(), props.on_query.clone());
        move |value: String| {
            let mut next = query.clone();
            let value = value.trim().to_string();
            f(
                &mut next,
                (!value.is_empty() && value != ALL).then_some(value),
            );
            if next != query {
                on_query.emit(next);
            }
        }
    };
    let select = |id: &'static str,
                  label: &'static str,
                  values: &[String],
                  current: &Option<String>,
                  f: fn(&mut Query, Option<String>)| {
        let set = edit(f);
        let onchange = Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                set(s.value());
            }
        });
        let cur = current.clone().unwrap_or_default();
        // A value in the query (e.g. from a link) that this log lacks stays choosable.
        let mut values = values.to_vec();
        if !cur.is_empty() && !values.iter().any(|v| v.eq_ignore_ascii_case(&cur)) {
            values.insert(0, cur.clone());
        }
        html! {
            <label class="filter">
                <span class="filter-label">{label}</span>
                // Keyed by the value: a change from outside (Clear, a link) renders it afresh.
                <select key={format!("{id}={cur}")} data-testid={format!("filter-{id}")} {onchange} disabled={values.is_empty()}>
                    <option value={ALL} selected={cur.is_empty()}>{"All"}</option>
                    { for values.iter().map(|v| html! {
                        <option value={v.clone()} selected={v.eq_ignore_ascii_case(&cur)} title={super::values::tip(v)}>{plain(&short(v))}</option>
                    }) }
                </select>
            </label>
        }
    };
    let text = |id: &'static str,
                label: &'static str,
                current: &Option<String>,
                f: fn(&mut Query, Option<String>)| {
        let set = edit(f);
        let onchange = Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                set(i.value());
            }
        });
        html! {
            <label class="filter">
                <span class="filter-label">{label}</span>
                <input type="text" class="filter-text" data-testid={format!("filter-{id}")} value={current.clone().unwrap_or_default()}
                    placeholder="any id" autocomplete="off" spellcheck="false" {onchange} />
            </label>
        }
    };
    let time = |id: &'static str, label: &'static str, current: Option<Timestamp>, to: bool| {
        let (query, on_query) = (q.clone(), props.on_query.clone());
        let onchange = Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                // Typed in the zone shown (UTC or local).
                let t = parse_local_input(&i.value()).map(crate::display::from_shown);
                let mut next = query.clone();
                if to {
                    next.to = t;
                } else {
                    next.from = t;
                }
                if next != query {
                    on_query.emit(next);
                }
            }
        });
        html! {
            <label class="filter">
                <span class="filter-label">{label}<span class="card-unit">{crate::display::zone()}</span></span>
                <input type="datetime-local" step="1" class="filter-time num" data-testid={format!("filter-{id}")}
                    value={input_value(current)} {onchange} />
            </label>
        }
    };
    let skipped = o.summary.count(Status::Skipped);
    // The filters behind the disclosure that are set.
    let more = [
        q.from.is_some(),
        q.to.is_some(),
        q.job.is_some(),
        q.source_system.is_some(),
        q.target_system.is_some(),
        q.app.is_some(),
        q.cycle.is_some(),
        q.change.is_some(),
    ]
    .into_iter()
    .filter(|set| *set)
    .count();
    let on_hide = {
        let (query, on_query) = (q.clone(), props.on_query.clone());
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                let mut next = query.clone();
                next.hide_skipped = i.checked();
                on_query.emit(next);
            }
        })
    };
    let on_clear = {
        let (query, on_query) = (q.clone(), props.on_query.clone());
        Callback::from(move |_: MouseEvent| {
            on_query.emit(Query {
                sort: query.sort,
                ..Query::default()
            })
        })
    };
    html! {
        <div class="filter-bar" role="group" aria-label="Filters">
            // Closed unless one of its filters is set: the grid keeps its height.
            <details class="more-filters" data-testid="more-filters" open={more > 0}>
                <summary>{if more > 0 { format!("Filters ({more} set)") } else { "Filters".to_string() }}</summary>
                <div class="more-filters-body">
            { time("from", "From", q.from, false) }
            { time("to", "To", q.to, true) }
            { select("job", "Job", &o.facets.jobs, &q.job, |q, v| q.job = v) }
            { select("source", "Source", &o.facets.source_systems, &q.source_system, |q, v| q.source_system = v) }
            { select("target", "Target", &o.facets.target_systems, &q.target_system, |q, v| q.target_system = v) }
            { select("app", "App", &o.apps, &q.app, |q, v| q.app = v) }
            { text("cycle", "Cycle", &q.cycle, |q, v| q.cycle = v) }
            { text("change", "Change", &q.change, |q, v| q.change = v) }
                </div>
            </details>
            <label class="filter hide-skipped" title="Leave out skipped events: objects out of scope, nothing to do">
                <input type="checkbox" data-testid="hide-skipped" checked={q.hide_skipped} onchange={on_hide} disabled={skipped == 0 && !q.hide_skipped} />
                <span>{format!("Hide skipped ({})", count(skipped))}</span>
            </label>
            <button type="button" class="btn btn-small" data-testid="clear-filters" onclick={on_clear} disabled={!filtered(q)}>
                {"Clear filters"}
            </button>
        </div>
    }
}

/// A long value (a job id) cut for the list; the option's tooltip has it whole.
fn short(v: &str) -> String {
    if v.chars().count() > 40 {
        let head: String = v.chars().take(38).collect();
        format!("{head}…")
    } else {
        v.to_string()
    }
}
