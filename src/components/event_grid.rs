//! The event grid: sortable column headers and the matching events as rows, Date, Target(s),
//! Activity, Status, Status reason, like the portal's list. Rows are rendered through
//! [`VirtualRows`], so only those in view exist. Keyboard: ↑/↓ (and Page/Home/End) move the
//! selection, Enter or Space selects the focused row, Enter or Space on a header sorts.

use provlens_core::query::{Column, Sort};
use provlens_core::{Event, Log};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::status_badge::StatusBadge;
use super::virtual_rows::VirtualRows;
use crate::display::{time_short, time_title};
use crate::shared::Shared;

/// Props of [`EventGrid`].
#[derive(Properties, PartialEq)]
pub struct EventGridProps {
    /// The log.
    pub log: Shared<Log>,
    /// The matching events, in order: indices into `log.events`.
    pub rows: Shared<Vec<u32>>,
    /// The order shown.
    pub sort: Sort,
    /// The selected event (index into `log.events`).
    pub selected: Option<u32>,
    /// Whether a search or a filter narrows the rows (for the empty state's wording).
    pub filtered: bool,
    /// A header asked to sort.
    pub on_sort: Callback<Column>,
    /// A row was selected.
    pub on_select: Callback<u32>,
}

/// The grid.
#[component]
pub fn EventGrid(props: &EventGridProps) -> Html {
    let rows = props.rows.clone();
    let position = use_memo((props.rows.clone(), props.selected), |(rows, selected)| {
        selected.and_then(|s| rows.iter().position(|&r| r == s))
    });
    let position = *position;

    let onkeydown = {
        let (rows, on_select) = (rows.clone(), props.on_select.clone());
        Callback::from(move |e: KeyboardEvent| {
            let target_row = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| row_event(&t));
            let page = 10;
            let last = rows.len().saturating_sub(1);
            let here = target_row
                .and_then(|ev| rows.iter().position(|&r| r == ev))
                .or(position);
            let next = match e.key().as_str() {
                "Enter" | " " => match target_row {
                    Some(ev) => {
                        e.prevent_default();
                        on_select.emit(ev);
                        return;
                    }
                    None => here.or(Some(0)),
                },
                "ArrowDown" => Some(here.map_or(0, |p| (p + 1).min(last))),
                "ArrowUp" => Some(here.map_or(0, |p| p.saturating_sub(1))),
                "PageDown" => Some(here.map_or(0, |p| (p + page).min(last))),
                "PageUp" => Some(here.map_or(0, |p| p.saturating_sub(page))),
                "Home" => Some(0),
                "End" => Some(last),
                _ => return,
            };
            // Only keys from the rows area move the selection (headers sort on Enter). The
            // scroll area takes the focus first: the row that had it may scroll out of the DOM,
            // and the list hands the focus to the new row once it is rendered.
            let rows_area = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest(".vrows").ok().flatten())
                .and_then(|area| area.dyn_into::<HtmlElement>().ok());
            let Some(rows_area) = rows_area else { return };
            e.prevent_default();
            let Some(&ev) = next.and_then(|p| rows.get(p)) else {
                return;
            };
            if target_row != Some(ev) {
                let _ = rows_area.focus();
            }
            on_select.emit(ev);
        })
    };

    let render = {
        let (log, rows, selected, on_select) = (
            props.log.clone(),
            rows.clone(),
            props.selected,
            props.on_select.clone(),
        );
        Callback::from(move |pos: usize| -> Html {
            let Some(&index) = rows.get(pos) else {
                return html! {};
            };
            let Some(event) = log.events.get(index as usize) else {
                return html! {};
            };
            row(event, index, pos, selected == Some(index), &on_select)
        })
    };

    let body = if rows.is_empty() {
        let text = if props.log.events.is_empty() {
            "No events were loaded: the files report above says why."
        } else if props.filtered {
            "No event matches the search and filters. Clear them to see every event."
        } else {
            "No events."
        };
        html! { <div class="grid-empty" role="row"><div role="gridcell">{text}</div></div> }
    } else {
        html! { <VirtualRows count={rows.len()} focus={position} {render} label="Events" /> }
    };

    html! {
        <div class="grid" role="grid" data-testid="event-grid" data-total-rows={rows.len().to_string()}
            aria-rowcount={(rows.len() + 1).to_string()} aria-label="Provisioning events" {onkeydown}>
            <div class="grid-head" role="rowgroup">
                <div class="grid-row head" role="row" aria-rowindex="1">
                    { for Column::ALL.into_iter().map(|c| header(c, props.sort, &props.on_sort)) }
                </div>
            </div>
            {body}
        </div>
    }
}

/// A sortable column header.
fn header(column: Column, sort: Sort, on_sort: &Callback<Column>) -> Html {
    let sorted = sort.column == column;
    let (aria, arrow) = match (sorted, sort.descending) {
        (false, _) => ("none", ""),
        (true, true) => ("descending", "▼"),
        (true, false) => ("ascending", "▲"),
    };
    let onclick = on_sort.reform(move |_: MouseEvent| column);
    let onkeydown = {
        let on_sort = on_sort.clone();
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                on_sort.emit(column);
            }
        })
    };
    html! {
        <div class={classes!("cell", format!("c-{}", column.as_str()), sorted.then_some("sorted"))} role="columnheader"
            data-column={column.as_str()} aria-sort={aria} tabindex="0" {onclick} {onkeydown}
            title={format!("Sort by {}", column.label())}>
            <span>{column.label()}</span>
            <span class="sort-arrow" aria-hidden="true">{arrow}</span>
        </div>
    }
}

/// One event as a row. Its id (`ev-<index>`) tells the keyboard handler which event it is.
fn row(event: &Event, index: u32, pos: usize, selected: bool, on_select: &Callback<u32>) -> Html {
    let onclick = on_select.reform(move |_: MouseEvent| index);
    let label = event.identity_label();
    let name = [&event.source.display_name, &event.target.display_name]
        .into_iter()
        .flatten()
        .map(|n| &**n)
        .find(|n| !n.is_empty() && *n != label);
    let reason = event.status_reason();
    let (shown_time, time_tip) = match event.time {
        Some(t) => (time_short(t), Some(time_title(t))),
        None => ("—".to_string(), None),
    };
    html! {
        <div key={index} id={format!("ev-{index}")} class={classes!("grid-row", selected.then_some("selected"))} role="row"
            data-testid="grid-row" data-event-id={event.id.to_string()} aria-selected={selected.to_string()}
            aria-rowindex={(pos + 2).to_string()} tabindex="-1" {onclick}>
            <div class="cell c-time num" role="gridcell" title={time_tip}>{shown_time}</div>
            // The display name follows the UPN only when both fit: otherwise it wraps onto a
            // second line the cell's height hides (see `.vrows .c-identity` in app.css).
            <div class="cell c-identity" role="gridcell" title={identity_title(label, name, event.identity_key())}>
                <span class="id-main">{label}</span>
                if let Some(name) = name {
                    <span class="id-sub">{name}</span>
                }
            </div>
            <div class="cell c-activity" role="gridcell" title={event.activity.to_string()}>{&*event.activity}</div>
            <div class="cell c-status" role="gridcell"><StatusBadge status={event.status} /></div>
            <div class="cell c-reason" role="gridcell" title={reason.clone()}>{reason}</div>
        </div>
    }
}

/// The identity cell's tooltip: what the cell may cut (UPN, display name) and the source id.
fn identity_title(label: &str, name: Option<&str>, key: &str) -> String {
    let mut parts = vec![label];
    parts.extend(name);
    if key != label {
        parts.push(key);
    }
    parts.join("\n")
}

/// The event index of the row `el` is in, from its `ev-<index>` id.
fn row_event(el: &Element) -> Option<u32> {
    let row = el.closest("[role=row][id^='ev-']").ok().flatten()?;
    row.id().strip_prefix("ev-")?.parse().ok()
}
