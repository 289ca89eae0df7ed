//! The event grid: sortable column headers and the matching events as rows, Date, Target(s),
//! Activity, Status, Status reason, like the portal's list. Rows are rendered through
//! [`VirtualRows`], so only those in view exist; their contents come from the reader in
//! blocks, and a row not arrived yet shows a quiet "…" in its place (never an empty gap).
//! While the reader answers a new sort or filter, the grid says so (`aria-busy`) and keeps
//! showing the rows it has.
//!
//! Keyboard: ↑/↓ (and Page/Home/End) move the selection, Enter or Space selects the focused
//! row, Enter or Space on a header sorts.

use provlens::protocol::Span;
use provlens_core::query::{Column, Sort};
use provlens_core::session::Row;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::column_chooser;
use super::status_badge::StatusBadge;
use super::values::{line_text, tip};
use super::virtual_rows::VirtualRows;
use crate::display::{time_short, time_title};
use crate::shared::Shared;
use crate::state::RowCache;

/// A row picked in the grid: its position, and its event when the row has arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowPick {
    /// The row's position in the result.
    pub row: u32,
    /// Its event's index in the log, when known.
    pub event: Option<u32>,
}

/// Props of [`EventGrid`].
#[derive(Properties, PartialEq)]
pub struct EventGridProps {
    /// The rows that have arrived.
    pub rows: Shared<RowCache>,
    /// Rows matching (the result's size).
    pub total: u32,
    /// Events loaded.
    pub loaded: u32,
    /// The reader is answering a new sort or filter.
    pub busy: bool,
    /// The order shown.
    pub sort: Sort,
    /// The selected event (index into the log's events).
    pub selected: Option<u32>,
    /// The selected row (the selected event's position, or where the keyboard went).
    pub cursor: Option<u32>,
    /// Whether a search or a filter narrows the rows (for the empty state's wording).
    pub filtered: bool,
    /// A header asked to sort.
    pub on_sort: Callback<Column>,
    /// A row was selected.
    pub on_select: Callback<RowPick>,
    /// The rows in view changed.
    pub on_view: Callback<Span>,
    /// Blocks of rows are needed: the result's generation and the blocks' first rows.
    pub on_need: Callback<(u32, Vec<u32>)>,
    /// The columns shown, by id (see [`super::column_chooser`]).
    #[prop_or_else(|| super::column_chooser::DEFAULT.to_vec())]
    pub columns: Vec<&'static str>,
}

/// The grid.
#[component]
pub fn EventGrid(props: &EventGridProps) -> Html {
    let view = use_state_eq(Span::default);
    let total = props.total;

    // Ask for the rows in view (and a block either side) that have not arrived.
    {
        let on_need = props.on_need.clone();
        use_effect_with(
            (*view, props.rows.clone(), total),
            move |(view, rows, total)| {
                let missing = rows.missing(*view, *total);
                if !missing.is_empty() {
                    on_need.emit((rows.generation, missing));
                }
            },
        );
    }
    let on_window = {
        let (view, on_view) = (view.clone(), props.on_view.clone());
        Callback::from(move |(first, end): (usize, usize)| {
            let span = Span {
                start: first as u32,
                count: end.saturating_sub(first) as u32,
            };
            view.set(span);
            on_view.emit(span);
        })
    };

    let onkeydown = {
        let (rows, on_select, cursor) = (props.rows.clone(), props.on_select.clone(), props.cursor);
        Callback::from(move |e: KeyboardEvent| {
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            let target_row = target.as_ref().and_then(row_of);
            let page = 10;
            let last = total.saturating_sub(1);
            let here = target_row.map(|(row, _)| row).or(cursor);
            let next = match e.key().as_str() {
                "Enter" | " " => match target_row {
                    Some((row, Some(event))) => {
                        e.prevent_default();
                        on_select.emit(RowPick {
                            row,
                            event: Some(event),
                        });
                        return;
                    }
                    Some((_, None)) => return,
                    None => here.unwrap_or(0),
                },
                "ArrowDown" => here.map_or(0, |p| (p + 1).min(last)),
                "ArrowUp" => here.map_or(0, |p| p.saturating_sub(1)),
                "PageDown" => here.map_or(0, |p| (p + page).min(last)),
                "PageUp" => here.map_or(0, |p| p.saturating_sub(page)),
                "Home" => 0,
                "End" => last,
                _ => return,
            };
            // Only keys from the rows area move the selection (headers sort on Enter). The
            // scroll area takes the focus first: the row that had it may scroll out of the DOM,
            // and the list hands the focus to the new row once it is rendered.
            let rows_area = target
                .and_then(|t| t.closest(".vrows").ok().flatten())
                .and_then(|area| area.dyn_into::<HtmlElement>().ok());
            let Some(rows_area) = rows_area else { return };
            e.prevent_default();
            if total == 0 {
                return;
            }
            if target_row.map(|(row, _)| row) != Some(next) {
                let _ = rows_area.focus();
            }
            on_select.emit(RowPick {
                row: next,
                event: rows.get(next).map(|r| r.index),
            });
        })
    };

    let render = {
        let (rows, selected, on_select, columns) = (
            props.rows.clone(),
            props.selected,
            props.on_select.clone(),
            props.columns.clone(),
        );
        Callback::from(move |pos: usize| -> Html {
            let pos = pos as u32;
            match rows.get(pos) {
                Some(r) => row(r, pos, selected == Some(r.index), &on_select, &columns),
                None => pending_row(pos),
            }
        })
    };

    let body = if total == 0 {
        let text = if props.loaded == 0 {
            "No events were loaded: the files report above says why."
        } else if props.filtered {
            "No event matches the search and filters. Clear them to see every event."
        } else {
            "No events."
        };
        html! { <div class="grid-empty" role="row"><div role="gridcell">{text}</div></div> }
    } else {
        let focus = props.cursor.map(|c| c as usize);
        html! { <VirtualRows count={total as usize} {focus} {render} {on_window} label="Events" /> }
    };
    // The default columns keep the stylesheet's tracks (and its narrow-window layout);
    // others set theirs through the CSSOM (the page's CSP allows no style attribute).
    let custom = props.columns != column_chooser::DEFAULT;
    let grid_ref = use_node_ref();
    {
        let grid_ref = grid_ref.clone();
        use_effect_with(props.columns.clone(), move |columns| {
            if let Some(grid) = grid_ref.cast::<HtmlElement>() {
                let style = grid.style();
                let _ = style.set_property("--grid-cols", &column_chooser::template(columns));
                let min = format!("{}px", column_chooser::min_width(columns));
                let _ = style.set_property("--grid-min", &min);
            }
        });
    }

    html! {
        <div class={classes!("grid", props.busy.then_some("busy"), custom.then_some("cols-custom"))} role="grid" data-testid="event-grid"
            ref={grid_ref} data-total-rows={total.to_string()} aria-busy={props.busy.then_some("true")}
            aria-rowcount={(total + 1).to_string()} aria-label="Provisioning events" {onkeydown}>
            <div class="grid-head" role="rowgroup">
                <div class="grid-row head" role="row" aria-rowindex="1">
                    { for props.columns.iter().map(|id| match Column::parse(id) {
                        Some(c) => header(c, props.sort, &props.on_sort),
                        None => column_chooser::plain_header(id),
                    }) }
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

/// One event as a row, keyed by its position (so the element, and the keyboard focus on
/// it, stay when its contents arrive). Its id (`ev-<index>`) names the event.
fn row(
    r: &Row,
    pos: u32,
    selected: bool,
    on_select: &Callback<RowPick>,
    columns: &[&'static str],
) -> Html {
    let pick = RowPick {
        row: pos,
        event: Some(r.index),
    };
    let onclick = on_select.reform(move |_: MouseEvent| pick);
    let (shown_time, time_tip) = match r.time {
        Some(t) => (time_short(t), Some(time_title(t))),
        None => ("—".to_string(), None),
    };
    html! {
        <div key={pos} id={format!("ev-{}", r.index)} class={classes!("grid-row", selected.then_some("selected"))} role="row"
            data-testid="grid-row" data-event-id={r.id.clone()} aria-selected={selected.to_string()}
            aria-rowindex={(pos + 2).to_string()} tabindex="-1" {onclick}>
            { for columns.iter().map(|id| match *id {
                "time" => html! { <div class="cell c-time num" role="gridcell" title={time_tip.clone()}>{shown_time.clone()}</div> },
                "identity" => identity_cell(r),
                "activity" => html! { <div class="cell c-activity" role="gridcell" title={tip(&r.activity)}>{line_text(&r.activity)}</div> },
                "status" => html! { <div class="cell c-status" role="gridcell"><StatusBadge status={r.status} /></div> },
                "reason" => html! { <div class="cell c-reason" role="gridcell" title={tip(&r.reason)}>{line_text(&r.reason)}</div> },
                other => column_chooser::extra_cell(r, other),
            }) }
        </div>
    }
}

/// The identity cell: UPN, and the display name beside it.
fn identity_cell(r: &Row) -> Html {
    html! {
        <>
            // The display name follows the UPN only when both fit: otherwise it wraps onto a
            // second line the cell's height hides (see `.vrows .c-identity` in app.css).
            <div class="cell c-identity" role="gridcell" title={tip(&identity_title(&r.identity, r.name.as_deref(), &r.identity_key))}>
                <span class="id-main">{line_text(&r.identity)}</span>
                if let Some(name) = &r.name {
                    <span class="id-sub">{line_text(name)}</span>
                }
            </div>
        </>
    }
}

/// A row whose contents have not arrived from the reader yet.
fn pending_row(pos: u32) -> Html {
    html! {
        <div key={pos} class="grid-row pending" role="row" aria-rowindex={(pos + 2).to_string()} tabindex="-1" aria-busy="true">
            <div class="cell c-time" role="gridcell">{"…"}</div>
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

/// The position of the row `el` is in (from its `aria-rowindex`), and its event's index
/// (from its `ev-<index>` id) when its contents have arrived.
fn row_of(el: &Element) -> Option<(u32, Option<u32>)> {
    let row = el.closest(".vrows [role=row]").ok().flatten()?;
    let pos = row
        .get_attribute("aria-rowindex")?
        .parse::<u32>()
        .ok()?
        .checked_sub(2)?;
    let event = row.id().strip_prefix("ev-").and_then(|i| i.parse().ok());
    Some((pos, event))
}
