//! Which grid columns show: the portal's five by default, and any of error code, source
//! and target system, job, cycle, change, duration and file. The choice is remembered in
//! this browser (localStorage, a preference, never data) and carried by the link's hash.
//! Only the five core columns sort (the others say so: `aria-disabled`).

use provlens_core::query::Column;
use provlens_core::session::Row;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::values::{line_text, tip};

use crate::display::count;

/// Where the chosen columns are remembered between visits.
pub const COLUMNS_KEY: &str = "provlens.columns";

/// Every column, in the grid's order: id and heading.
pub const COLUMNS: [(&str, &str); 13] = [
    ("time", "Date"),
    ("identity", "Target(s)"),
    ("activity", "Activity"),
    ("status", "Status"),
    ("reason", "Status reason"),
    ("error-code", "Error code"),
    ("source-system", "Source system"),
    ("target-system", "Target system"),
    ("job", "Job"),
    ("cycle", "Cycle"),
    ("change", "Change"),
    ("duration", "Duration"),
    ("file", "File"),
];

/// The columns shown when none were chosen.
pub const DEFAULT: [&str; 5] = ["time", "identity", "activity", "status", "reason"];

/// The columns to show for a choice (ids; unknown ones ignored; none: the default), in the
/// grid's order.
pub fn visible(chosen: &[String]) -> Vec<&'static str> {
    let shown: Vec<&'static str> = COLUMNS
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| chosen.iter().any(|c| c == id))
        .collect();
    if shown.is_empty() {
        DEFAULT.to_vec()
    } else {
        shown
    }
}

/// The choice as stored (empty for the default).
pub fn stored_form(shown: &[&str]) -> Vec<String> {
    if shown == DEFAULT {
        Vec::new()
    } else {
        shown.iter().map(|s| s.to_string()).collect()
    }
}

/// The grid's column tracks for these columns (CSS `grid-template-columns`).
pub fn template(shown: &[&str]) -> String {
    shown
        .iter()
        .map(|id| match *id {
            "time" => "128px",
            "identity" => "minmax(180px, 2.4fr)",
            "activity" => "86px",
            "status" => "108px",
            "reason" => "minmax(110px, 1fr)",
            "duration" => "80px",
            "error-code" => "minmax(90px, 0.8fr)",
            _ => "minmax(90px, 0.9fr)",
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The least width these columns take, in CSS pixels (their tracks' minimums and the row's
/// padding): past the pane's width the grid scrolls sideways instead of squeezing them.
pub fn min_width(shown: &[&str]) -> u32 {
    let tracks: u32 = shown
        .iter()
        .map(|id| match *id {
            "time" => 128,
            "identity" => 180,
            "activity" => 86,
            "status" => 108,
            "reason" => 110,
            "duration" => 80,
            _ => 90,
        })
        .sum();
    tracks + 8
}

/// A heading of a column that does not sort.
pub fn plain_header(id: &'static str) -> Html {
    let label = COLUMNS
        .iter()
        .find(|(c, _)| *c == id)
        .map_or(id, |(_, l)| *l);
    html! {
        <div class={classes!("cell", format!("c-{id}"), "unsortable")} role="columnheader" data-column={id}
            aria-sort="none" aria-disabled="true" title={format!("{label} (sorting by the first five columns only)")}>
            <span>{label}</span>
        </div>
    }
}

/// An extra column's cell of a row.
pub fn extra_cell(r: &Row, id: &str) -> Html {
    let text = match id {
        "error-code" => r.error_code.clone(),
        "source-system" => r.source_system.clone(),
        "target-system" => r.target_system.clone(),
        "job" => r.job.clone(),
        "cycle" => r.cycle.clone(),
        "change" => r.change.clone(),
        "duration" => r.duration_ms.map(|ms| format!("{} ms", count(ms))),
        "file" => Some(r.file.clone()).filter(|f| !f.is_empty()),
        _ => None,
    };
    html! {
        <div class={classes!("cell", format!("c-{id}"), (id == "duration").then_some("num"))} role="gridcell" title={text.as_deref().map(tip)}>
            {line_text(text.as_deref().unwrap_or_default())}
        </div>
    }
}

/// Props of [`ColumnChooser`].
#[derive(Properties, PartialEq)]
pub struct ColumnChooserProps {
    /// The columns shown.
    pub shown: Vec<&'static str>,
    /// The admin chose (ids, in the grid's order; empty: the default).
    pub on_change: Callback<Vec<String>>,
}

/// The chooser: a disclosure with a checkbox per column.
#[component]
pub fn ColumnChooser(props: &ColumnChooserProps) -> Html {
    let toggle = |id: &'static str| {
        let (shown, on_change) = (props.shown.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            let next: Vec<&'static str> = COLUMNS
                .iter()
                .map(|(c, _)| *c)
                .filter(|c| if *c == id { on } else { shown.contains(c) })
                .collect();
            let next = if next.is_empty() { vec![id] } else { next };
            let stored = stored_form(&next);
            remember(&stored);
            on_change.emit(stored);
        })
    };
    let reset = {
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            remember(&[]);
            on_change.emit(Vec::new());
        })
    };
    html! {
        <details class="column-chooser" data-testid="column-chooser">
            <summary class="btn btn-small">{"Columns"}</summary>
            <div class="popover chooser-list" role="group" aria-label="Columns shown">
                { for COLUMNS.iter().map(|(id, label)| {
                    let core = Column::parse(id).is_some();
                    html! {
                        <label class="chooser-item">
                            <input type="checkbox" data-column={*id} checked={props.shown.contains(id)} onchange={toggle(id)} />
                            <span>{*label}</span>
                            if core { <span class="muted">{" ⇅"}</span> }
                        </label>
                    }
                }) }
                <button type="button" class="btn btn-small" onclick={reset}>{"Default columns"}</button>
            </div>
        </details>
    }
}

/// Remembers the choice in this browser.
fn remember(columns: &[String]) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if columns.is_empty() {
            storage.remove_item(COLUMNS_KEY)
        } else {
            storage.set_item(COLUMNS_KEY, &columns.join(","))
        };
    }
}

/// The choice remembered from an earlier visit.
pub fn remembered() -> Vec<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(COLUMNS_KEY).ok().flatten())
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default()
}
