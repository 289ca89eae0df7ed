//! Identities × cycles for the current filter: one row per identity (those with failures
//! first), one column per cycle, each cell the identity's most telling event in that cycle as
//! a glyph of status (✓ ✗ ⤼ ⚠, colour beside it) and the action's initial. Clicking a cell
//! selects that event, which opens its details and its identity's timeline.

use provlens_core::swimlane::{Cell, Swimlane};
use yew::prelude::*;

use crate::display::{count, glyph, short_id, time, time_title};
use crate::shared::Shared;

/// Identities shown at most.
pub const MAX_LANES: u32 = 200;

/// Cycles (columns) drawn at once: a log of weeks has hundreds; the newest come first.
const WINDOW: usize = 40;

/// Props of [`SwimlaneView`].
#[derive(Properties, PartialEq)]
pub struct SwimlaneProps {
    /// The swimlane of the current filter, once the reader has answered.
    pub swimlane: Option<Shared<Swimlane>>,
    /// The selected event.
    pub selected: Option<u32>,
    /// A cell was clicked: its event.
    pub on_select: Callback<u32>,
}

/// The swimlane panel.
#[component]
pub fn SwimlaneView(props: &SwimlaneProps) -> Html {
    // How many windows back from the newest cycles.
    let back = use_state_eq(|| 0_usize);
    let Some(s) = &props.swimlane else {
        return html! {
            <section class="swimlane" data-testid="swimlane" aria-busy="true"><p class="muted">{"Drawing identities × cycles…"}</p></section>
        };
    };
    if s.lanes.is_empty() {
        return html! {
            <section class="swimlane" data-testid="swimlane" data-lanes="0"><p class="muted">{"No event matches the filters."}</p></section>
        };
    }
    let total = s.cycles.len();
    let pages = total.div_ceil(WINDOW).max(1);
    let page = (*back).min(pages - 1);
    let end = total - page * WINDOW;
    let start = end.saturating_sub(WINDOW);
    let older = {
        let back = back.clone();
        move |_: MouseEvent| back.set(page + 1)
    };
    let newer = {
        let back = back.clone();
        move |_: MouseEvent| back.set(page.saturating_sub(1))
    };
    html! {
        <section class="swimlane" data-testid="swimlane" data-lanes={s.lanes.len().to_string()}
            data-cycles={s.cycles.len().to_string()} data-more={s.more.to_string()} aria-label="Identities × cycles">
            if total > WINDOW {
                <p class="swimlane-window muted">
                    <button type="button" class="btn btn-small" disabled={start == 0} onclick={older}>{"‹ Older"}</button>
                    {format!(" Cycles {}–{} of {} (newest last) ", start + 1, end, count(total as u64))}
                    <button type="button" class="btn btn-small" disabled={page == 0} onclick={newer}>{"Newer ›"}</button>
                </p>
            }
            <table>
                <thead><tr>
                    <th scope="col" class="lane-name">{"Identity"}</th>
                    { for s.cycles.iter().enumerate().skip(start).take(end - start).map(|(n, c)| {
                        let title = format!("Cycle {}{}", if c.id.is_empty() { "(none)" } else { &c.id },
                            c.start.map(|t| format!(", from {}", time_title(t))).unwrap_or_default());
                        html! {
                            <th scope="col" {title} data-cycle-id={c.id.clone()}>
                                {c.start.map_or_else(|| format!("#{}", n + 1), time)}
                                <br /><span class="mono">{if c.id.is_empty() { "—" } else { short_id(&c.id) }}</span>
                            </th>
                        }
                    }) }
                </tr></thead>
                <tbody>
                    { for s.lanes.iter().map(|lane| html! {
                        <tr data-testid="swimlane-lane" data-identity={lane.identity.clone()} data-failures={lane.failures.to_string()}>
                            <th scope="row" class="lane-name" title={super::values::tip(&lane.identity)}>{super::values::line_text(&lane.label)}</th>
                            { for lane.cells.iter().enumerate().skip(start).take(end - start).map(|(n, cell)| match cell {
                                Some(c) => cell_html(c, &lane.label, s.cycles.get(n).map(|c| c.id.as_str()).unwrap_or(""),
                                    props.selected == Some(c.event), &props.on_select),
                                None => html! { <td class="lane-cell empty" aria-hidden="true">{"·"}</td> },
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            if s.more > 0 {
                <p class="muted swimlane-more" data-testid="swimlane-more">
                    {format!("+{} more identit{} (narrow the filters to see them)", count(u64::from(s.more)), if s.more == 1 { "y" } else { "ies" })}
                </p>
            }
        </section>
    }
}

fn cell_html(c: &Cell, who: &str, cycle: &str, selected: bool, on_select: &Callback<u32>) -> Html {
    let event = c.event;
    let initial = c.action.label().chars().next().unwrap_or('?');
    let title = format!(
        "{}: {} {} in cycle {}{}",
        super::values::tip(who),
        c.action.label(),
        c.status.label().to_lowercase(),
        if cycle.is_empty() {
            "(none)".to_string()
        } else {
            super::values::tip(cycle)
        },
        if c.events > 1 {
            format!(" ({} events; the worst shown)", c.events)
        } else {
            String::new()
        }
    );
    html! {
        <td class="lane-cell">
            <button type="button" class={classes!(format!("st-{}", c.status.as_str()), selected.then_some("selected"))}
                data-testid="swimlane-cell" data-event={event.to_string()} data-status={c.status.as_str()}
                data-action={c.action.as_str()} title={title.clone()} aria-label={title}
                onclick={on_select.reform(move |_: MouseEvent| event)}>
                {glyph(c.status)}{initial}
            </button>
        </td>
    }
}
