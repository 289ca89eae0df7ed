//! One identity's story: its verdict on top, then its changes oldest first, each a line of
//! steps read left to right (Import ▸ Scoping ▸ Matching ▸ Export), coloured and marked by
//! outcome. Clicking a change shows that event in the details.

use provlens::protocol::Story;
use provlens_core::timeline::{AppVerdict, Change, Gap, GapKind, Timeline};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::attribute_history::AttributeHistory;
use super::status_badge::StatusBadge;
use super::values::{line_text, plain, text, tip};
use super::verdict_card::VerdictCard;
use crate::display::{glyph, short_id, time, time_title};
use crate::shared::Shared;

/// Props of [`UserTimeline`].
#[derive(Properties, PartialEq)]
pub struct UserTimelineProps {
    /// The identity's timeline (shown when there is one).
    pub story: Shared<Story>,
    /// The selected event (index into the log's events), highlighted when it is one of these.
    pub selected: Option<u32>,
    /// A change was clicked: its event index.
    pub on_select: Callback<u32>,
    /// Shown above an event's details: the attribute history starts closed.
    #[prop_or_default]
    pub compact: bool,
}

/// The timeline pane.
#[component]
pub fn UserTimeline(props: &UserTimelineProps) -> Html {
    // A long history scrolls in its own box; bring the selected change into it. Only that box
    // scrolls (`scrollIntoView` would scroll the pane and the page too).
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with((props.story.clone(), props.selected), move |_| {
            if let Some(list) = list.cast::<HtmlElement>() {
                show_selected(&list);
            }
        });
    }
    let Some(t) = &props.story.timeline else {
        return html! {};
    };
    let count = t.changes.len();
    html! {
        <section class="panel timeline" data-testid="user-timeline" data-identity={t.identity.clone()} aria-label="Timeline">
            <header class="panel-head">
                <h2>{"Timeline"}</h2>
                <span class="timeline-who" title={tip(&t.identity)}>{line_text(&t.label)}</span>
            </header>
            <VerdictCard verdict={t.verdict.clone()} />
            if t.apps.len() > 1 {
                <ul class="app-verdicts" aria-label="In each app">
                    { for t.apps.iter().map(app_verdict) }
                </ul>
            }
            if !t.gaps.is_empty() {
                <ul class="timeline-gaps" data-testid="timeline-gaps" aria-label="What looks wrong">
                    { for t.gaps.iter().map(|g| gap(g, t, &props.on_select)) }
                </ul>
            }
            <p class="muted timeline-count">{format!("{count} change{}, oldest first, grouped by cycle", if count == 1 { "" } else { "s" })}</p>
            <ol class="changes" ref={list}>
                { for t.changes.iter().enumerate().map(|(n, c)| {
                    let head = cycle_head(t, n);
                    let gaps: Vec<&Gap> = t.gaps.iter().filter(|g| g.change == Some(n)).collect();
                    html! { <>{head}{change(c, &gaps, props.selected == Some(c.event), &props.on_select)}</> }
                }) }
            </ol>
            <AttributeHistory attributes={t.attributes.clone()} on_select={props.on_select.clone()} closed={props.compact} />
        </section>
    }
}

/// Scrolls the list of changes (positioned, so offsets are relative to it) just enough to show
/// the selected change, its top first when it is taller than the list.
fn show_selected(list: &HtmlElement) {
    let Some(change) = list
        .query_selector(".change.selected")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let (top, bottom) = (
        change.offset_top(),
        change.offset_top() + change.offset_height(),
    );
    let (view_top, view_height) = (list.scroll_top(), list.client_height());
    if top < view_top || change.offset_height() > view_height {
        list.set_scroll_top(top);
    } else if bottom > view_top + view_height {
        list.set_scroll_top(bottom - view_height);
    }
}

/// One app's verdict, when the identity is provisioned to several.
fn app_verdict(a: &AppVerdict) -> Html {
    let kind = a.verdict.kind;
    html! {
        <li class={classes!("app-verdict", format!("v-{}", kind.as_str()))} title={tip(&a.verdict.reason)}
            data-app={a.app.clone()} data-verdict={kind.as_str()}>
            <span class="app-name">{line_text(&a.app)}</span>
            <span class="app-kind">{kind.label()}</span>
            if let Some(code) = &a.verdict.error_code {
                <code class="code">{text(code)}</code>
            }
        </li>
    }
}

/// The header of a cycle, before the first change of each run of changes in one cycle.
fn cycle_head(t: &Timeline, n: usize) -> Html {
    let c = &t.changes[n];
    let same = n > 0 && t.changes[n - 1].cycle_id == c.cycle_id;
    if same {
        return html! {};
    }
    let runs = t.changes[n..]
        .iter()
        .take_while(|x| x.cycle_id == c.cycle_id)
        .count();
    let (label, title) = match c.cycle_id.as_deref() {
        Some(id) if !id.is_empty() => (format!("Cycle {}", short_id(id)), format!("Cycle {id}")),
        _ => (
            "No cycle".to_string(),
            "Events without a cycle id (audit events, on-demand provisioning)".to_string(),
        ),
    };
    html! {
        <li class="cycle-head" data-testid="timeline-cycle" data-cycle-id={c.cycle_id.as_deref().unwrap_or_default().to_string()}
            aria-hidden="false">
            <span class="cycle-name mono" title={plain(&title)}>{text(&label)}</span>
            <span class="cycle-time num" title={c.time.map(time_title)}>{c.time.map_or_else(String::new, time)}</span>
            <span class="muted">{format!("{runs} change{}", if runs == 1 { "" } else { "s" })}</span>
        </li>
    }
}

/// A gap listed on top: what looks wrong, and a link to the change it is about.
fn gap(g: &Gap, t: &Timeline, on_select: &Callback<u32>) -> Html {
    let target = g.change.and_then(|n| t.changes.get(n)).map(|c| c.event);
    html! {
        <li class={classes!("gap", format!("gap-{}", gap_kind(g.kind)))} data-testid="timeline-gap" data-kind={gap_kind(g.kind)}>
            <span class="gap-flag" aria-hidden="true">{"⚑ "}</span>
            <span class="gap-text" title={tip(&g.text)}>{text(&g.text)}</span>
            if let Some(event) = target {
                {" "}
                <button type="button" class="link" onclick={on_select.reform(move |_: MouseEvent| event)}>{"show"}</button>
            }
        </li>
    }
}

/// The contract's name of a gap kind.
fn gap_kind(k: GapKind) -> &'static str {
    match k {
        GapKind::DecisionWithoutExport => "decision-without-export",
        GapKind::RepeatedFailures => "repeated-failures",
        GapKind::NotRetried => "not-retried",
    }
}

fn change(c: &Change, gaps: &[&Gap], selected: bool, on_select: &Callback<u32>) -> Html {
    let event = c.event;
    let onclick = on_select.reform(move |_: MouseEvent| event);
    let cycle = c.cycle_id.as_deref().unwrap_or_default();
    html! {
        <li class={classes!("change", format!("st-{}", c.status.as_str()), selected.then_some("selected"))}
            data-testid="timeline-change" data-change-id={c.change_id.as_deref().unwrap_or_default().to_string()}
            data-cycle-id={cycle.to_string()}>
            <button type="button" class="change-head" {onclick} aria-pressed={selected.to_string()}>
                <span class="change-time num" title={c.time.map(time_title)}>{c.time.map_or_else(|| "—".to_string(), time)}</span>
                <span class="change-action">{c.action.label()}</span>
                <StatusBadge status={c.status} />
                if !cycle.is_empty() {
                    <span class="change-cycle mono" title={format!("Cycle {}", tip(cycle))}>{format!("cycle {}", plain(short_id(cycle)))}</span>
                }
            </button>
            if !c.steps.is_empty() {
                <ol class="step-line" aria-label="Steps">
                    { for c.steps.iter().map(|s| html! {
                        <li class={classes!("step-chip", format!("st-{}", s.status.as_str()))} data-testid="timeline-step"
                            data-kind={s.kind.as_str()} data-status={s.status.as_str()}
                            title={format!("{} — {}: {}", s.kind.label(), s.status.label(), tip(&s.description))}>
                            <span aria-hidden="true">{glyph(s.status)}</span>
                            {s.kind.label()}
                            <span class="visually-hidden">{format!(" ({})", s.status.label())}</span>
                        </li>
                    }) }
                </ol>
            }
            if c.retries > 0 {
                <ol class="retry-chips" data-testid="retry-chips" data-retries={c.retries.to_string()}
                    aria-label={format!("Retried {} time{} (escrow)", c.retries, if c.retries == 1 { "" } else { "s" })}>
                    { for (1..=c.retries.min(20)).map(|n| html! {
                        <li class="retry-chip" data-testid="retry-chip" title={format!("Escrow retry {n}")}>{format!("↻ {n}")}</li>
                    }) }
                    if c.retries > 20 {
                        <li class="retry-chip">{format!("… {}", c.retries)}</li>
                    }
                </ol>
            }
            if let Some(code) = &c.error_code {
                <p class="change-code"><code class="code">{text(code)}</code></p>
            }
            { for gaps.iter().map(|g| html! {
                <p class={classes!("change-gap", format!("gap-{}", gap_kind(g.kind)))} data-testid="change-gap" data-kind={gap_kind(g.kind)}>
                    <span aria-hidden="true">{"⚑ "}</span>{text(&g.text)}
                </p>
            }) }
        </li>
    }
}
