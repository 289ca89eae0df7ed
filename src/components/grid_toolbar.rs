//! Above the grid: the search box (any id, UPN or name), the status and activity filters,
//! and how many events match of how many are loaded.

use provlens_core::session::Overview;
use provlens_core::Status;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::display::count;
use crate::shared::Shared;

/// The value of both filters' "All" option; option values are lowercase ids.
const ALL: &str = "all";

/// Props of [`GridToolbar`].
#[derive(Properties, PartialEq)]
pub struct GridToolbarProps {
    /// The search text.
    pub search: AttrValue,
    /// The status filter.
    pub status: Option<Status>,
    /// The activity filter.
    pub activity: Option<AttrValue>,
    /// The log's overview: the activities present.
    pub overview: Shared<Overview>,
    /// Events matching.
    pub shown: usize,
    /// Events loaded.
    pub total: usize,
    /// The search box, so `/` can focus it.
    pub search_ref: NodeRef,
    /// The search text changed.
    pub on_search: Callback<String>,
    /// The status filter changed.
    pub on_status: Callback<Option<Status>>,
    /// The activity filter changed.
    pub on_activity: Callback<Option<String>>,
}

/// Search, filters and the match count.
#[component]
pub fn GridToolbar(props: &GridToolbarProps) -> Html {
    let oninput = {
        let on_search = props.on_search.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_search.emit(input.value());
            }
        })
    };
    let on_status = {
        let on_status = props.on_status.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                on_status.emit(Status::parse(&select.value()));
            }
        })
    };
    let on_activity = {
        let on_activity = props.on_activity.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let value = select.value();
                on_activity.emit((value != ALL).then_some(value));
            }
        })
    };
    // The `selected` attributes only set the initial choice; once the admin has used a
    // select, its value must be set as a property (a summary card can change the filter).
    let (status_ref, activity_ref) = (use_node_ref(), use_node_ref());
    {
        let (status_ref, activity_ref) = (status_ref.clone(), activity_ref.clone());
        let status = props.status.map_or(ALL, Status::as_str);
        let activity_value = props
            .activity
            .as_deref()
            .map_or_else(|| ALL.to_string(), str::to_lowercase);
        use_effect_with((status, activity_value), move |(status, activity)| {
            if let Some(select) = status_ref.cast::<HtmlSelectElement>() {
                select.set_value(status);
            }
            if let Some(select) = activity_ref.cast::<HtmlSelectElement>() {
                select.set_value(activity);
            }
        });
    }
    let activity = props.activity.as_deref();
    html! {
        <div class="toolbar" role="search">
            <label class="search">
                <span class="visually-hidden">{"Search"}</span>
                <input type="search" data-testid="search" ref={props.search_ref.clone()} value={props.search.clone()}
                    placeholder="Search any id, UPN or name   ( / )" {oninput}
                    autocomplete="off" spellcheck="false" />
            </label>
            <label class="filter">
                <span class="filter-label">{"Status"}</span>
                <select data-testid="filter-status" ref={status_ref} onchange={on_status}>
                    <option value={ALL} selected={props.status.is_none()}>{"All"}</option>
                    { for Status::ALL.into_iter().map(|s| html! {
                        <option value={s.as_str()} selected={props.status == Some(s)}>{s.label()}</option>
                    }) }
                </select>
            </label>
            <label class="filter">
                <span class="filter-label">{"Activity"}</span>
                <select data-testid="filter-activity" ref={activity_ref} onchange={on_activity}>
                    <option value={ALL} selected={activity.is_none()}>{"All"}</option>
                    { for props.overview.activities.iter().map(|a| html! {
                        <option value={a.to_lowercase()} selected={activity.is_some_and(|f| f.eq_ignore_ascii_case(a))}>
                            {super::values::plain(a)}
                        </option>
                    }) }
                </select>
            </label>
            <span class="match-count num" aria-live="polite">
                <strong>{count(props.shown as u64)}</strong>{format!(" of {} events", count(props.total as u64))}
            </span>
        </div>
    }
}
