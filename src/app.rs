//! The App component: holds the state (one reducer), derives what the views need with memos
//! keyed on the log's pointer (never per render), listens to the whole window for dropped
//! files and keyboard shortcuts, and lays the page out: welcome page before anything is
//! loaded; afterwards the files strip, summary cards, the grid on the left and the timeline
//! and details on the right.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use provlens_core::query::Column;
use provlens_core::summary::Summary;
use provlens_core::timeline::{self, Verdict};
use provlens_core::{Log, Status};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::{
    DropOverlay, EventDetails, EventGrid, GridToolbar, JobHealth, LoadProgressBar, LoadReport,
    LogHealth, Notice, SummaryCards, TopBar, UserTimeline, VerdictCard, Welcome,
};
use crate::load::{self, files_of, Dispatch, Intake, Source};
use crate::shared::Shared;
use crate::state::{Action, Phase, State, Theme};

/// Where the chosen theme is remembered between visits (a preference, never data).
const THEME_KEY: &str = "provlens.theme";

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(stored_theme()));
    let intake = use_mut_ref(Intake::default);
    let dragging = use_state_eq(|| false);
    let search_ref = use_node_ref();

    // The chosen theme, applied to <html data-theme> and remembered.
    use_effect_with(state.theme, |theme| apply_theme(*theme));

    // The whole window takes dropped files at any time; `/` and Esc work anywhere.
    {
        let (dispatch, intake, dragging, search_ref) = (
            state.dispatcher(),
            intake.clone(),
            dragging.clone(),
            search_ref.clone(),
        );
        use_effect_with((), move |_| {
            let listeners = window_listeners(dispatch, intake, dragging, search_ref);
            move || drop(listeners)
        });
    }

    let log: Shared<Log> = Shared(state.log.clone());
    let summary: Shared<Summary> = use_memo(log.clone(), |log| Summary::of(log)).into();
    let activities: Shared<Vec<String>> = use_memo(log.clone(), |log| activities(log)).into();
    let rows: Shared<Vec<u32>> =
        use_memo((log.clone(), state.query.clone()), |(log, q)| q.run(log)).into();
    // The identity a search points at (exact id first, newest event among equals).
    let found = use_memo(
        (log.clone(), state.query.search.clone()),
        |(log, search)| timeline::find_identity(log, search),
    );
    let identity = match state.selected {
        Some(i) => log
            .events
            .get(i as usize)
            .map(|e| e.identity_key().to_string()),
        None => (*found).clone(),
    };
    let story = use_memo((log.clone(), identity), |(log, identity)| {
        identity
            .as_deref()
            .and_then(|id| timeline::timeline(log, id))
            .map(Shared::new)
    });

    // Made once: the dispatcher and the intake never change, so neither do these, and
    // children compare equal props while a load ticks.
    let on = use_memo((), {
        let (intake, dispatch) = (intake.clone(), state.dispatcher());
        move |_| Handlers::new(intake, dispatch)
    });
    let dark = is_dark(state.theme);
    let on_theme = {
        let act = on.act.clone();
        use_callback(dark, move |(), dark| {
            act.emit(Action::SetTheme(if *dark {
                Theme::Light
            } else {
                Theme::Dark
            }))
        })
    };

    let loading = match &state.phase {
        Phase::Loading(p) => Some(p.clone()),
        Phase::Idle => None,
    };
    let loaded = !log.files.is_empty();
    let notice = state.problem.as_ref().map(|text| {
        html! { <Notice text={text.clone()} on_dismiss={on.dismiss.clone()} /> }
    });
    let top_bar = html! {
        <TopBar {loaded} busy={loading.is_some()} {dark} on_files={on.files.clone()} on_demo={on.demo.clone()} {on_theme} />
    };
    let overlay = html! { <DropOverlay visible={*dragging} adding={loaded} /> };

    if !loaded {
        return html! {
            <div class="app app-welcome">
                {top_bar}
                {notice}
                <Welcome {loading} on_files={on.files.clone()} on_demo={on.demo.clone()} on_cancel={on.cancel.clone()} />
                {overlay}
            </div>
        };
    }

    let q = &state.query;
    let search = q.search.trim().to_string();
    let side = match (story.as_ref(), state.selected) {
        (Some(t), _) => {
            html! { <UserTimeline timeline={t.clone()} selected={state.selected} on_select={on.select.clone()} /> }
        }
        (None, None) if !search.is_empty() => html! {
            <section class="panel" aria-label="Search result">
                <VerdictCard verdict={Verdict::not_found(&search)} />
            </section>
        },
        _ => html! {},
    };
    let details = match state.selected {
        Some(index) => html! { <EventDetails log={log.clone()} {index} /> },
        None if story.is_none() && search.is_empty() => html! {
            <section class="panel hint">
                <h2>{"Pick an event"}</h2>
                <p>{"Click a row (or use ↑/↓ and Enter) to see the event's steps and the timeline of its identity, ending in a verdict."}</p>
                <p>{"Or search for a user: type any id, UPN or name. Press "}<kbd>{"/"}</kbd>{" to search, "}<kbd>{"Esc"}</kbd>{" to clear the selection."}</p>
            </section>
        },
        None => html! {},
    };

    html! {
        <div class="app">
            {top_bar}
            if let Some(progress) = loading {
                <div class="strip"><LoadProgressBar {progress} on_cancel={on.cancel.clone()} /></div>
            } else {
                <LoadReport log={log.clone()} />
            }
            {notice}
            if !log.jobs.is_empty() {
                <JobHealth log={log.clone()} />
            } else if !state.log_health_hidden && !log.events.is_empty() {
                <LogHealth log={log.clone()} summary={summary.clone()} on_dismiss={on.hide_health.clone()} />
            }
            <SummaryCards summary={summary} status={q.status} on_status={on.status.clone()} />
            <main class="workspace">
                <section class="grid-pane" aria-label="Events">
                    <GridToolbar search={q.search.clone()} status={q.status} activity={q.activity.clone().map(AttrValue::from)}
                        activities={activities} shown={rows.len()} total={log.events.len()} search_ref={search_ref}
                        on_search={on.search.clone()} on_status={on.status.clone()} on_activity={on.activity.clone()} />
                    <EventGrid log={log.clone()} rows={rows} sort={q.sort} selected={state.selected}
                        filtered={!search.is_empty() || q.status.is_some() || q.activity.is_some()}
                        on_sort={on.sort.clone()} on_select={on.select.clone()} />
                </section>
                // Timeline and event details both shown: each gets its share of the pane and
                // scrolls on its own, so the details never start below the window's edge.
                <aside class={classes!("side-pane", (story.is_some() && state.selected.is_some()).then_some("split"))}
                    aria-label="Identity and event">
                    {side}
                    {details}
                </aside>
            </main>
            {overlay}
        </div>
    }
}

/// The page's callbacks, made once.
struct Handlers {
    /// Any action.
    act: Callback<Action>,
    files: Callback<Vec<File>>,
    demo: Callback<()>,
    cancel: Callback<()>,
    dismiss: Callback<()>,
    hide_health: Callback<()>,
    search: Callback<String>,
    status: Callback<Option<Status>>,
    activity: Callback<Option<String>>,
    sort: Callback<Column>,
    select: Callback<u32>,
}

impl Handlers {
    fn new(intake: Rc<RefCell<Intake>>, dispatch: Dispatch) -> Self {
        let act: Callback<Action> = dispatch.clone().into();
        let files = {
            let (intake, dispatch) = (intake.clone(), dispatch.clone());
            Callback::from(move |files: Vec<File>| {
                load::load(
                    &intake,
                    files.into_iter().map(Source::from).collect(),
                    dispatch.clone(),
                );
            })
        };
        let demo = {
            let intake = intake.clone();
            Callback::from(move |()| load::demo(&intake, dispatch.clone()))
        };
        Handlers {
            files,
            demo,
            cancel: Callback::from(move |()| load::cancel(&intake)),
            dismiss: act.reform(|()| Action::DismissProblem),
            hide_health: act.reform(|()| Action::HideLogHealth),
            search: act.reform(Action::Search),
            status: act.reform(Action::FilterStatus),
            activity: act.reform(Action::FilterActivity),
            sort: act.reform(Action::SortBy),
            select: act.reform(|i: u32| Action::Select(Some(i))),
            act,
        }
    }
}

/// The distinct activities of the log, for the activity filter.
fn activities(log: &Log) -> Vec<String> {
    let set: BTreeSet<&str> = log.events.iter().map(|e| &*e.activity).collect();
    set.into_iter().map(str::to_string).collect()
}

/// Listeners on the window: drag and drop anywhere, `/` to search, Esc to clear the
/// selection. They detach when dropped.
fn window_listeners(
    dispatch: Dispatch,
    intake: Rc<RefCell<Intake>>,
    dragging: UseStateHandle<bool>,
    search_ref: NodeRef,
) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    // Enter and leave fire for every element crossed; the depth says when the drag left the
    // window.
    let depth = Rc::new(Cell::new(0_i32));
    let active = EventListenerOptions::enable_prevent_default();
    let mut listeners = Vec::new();
    {
        let (depth, dragging) = (depth.clone(), dragging.clone());
        listeners.push(EventListener::new_with_options(
            &window,
            "dragenter",
            active,
            move |e| {
                if carries_files(e) {
                    e.prevent_default();
                    depth.set(depth.get() + 1);
                    dragging.set(true);
                }
            },
        ));
    }
    listeners.push(EventListener::new_with_options(
        &window,
        "dragover",
        active,
        move |e| {
            // Without this the browser would open the dropped file instead of handing it over.
            e.prevent_default();
            if let Some(dt) = e.dyn_ref::<DragEvent>().and_then(DragEvent::data_transfer) {
                dt.set_drop_effect(if carries_files(e) { "copy" } else { "none" });
            }
        },
    ));
    {
        let (depth, dragging) = (depth.clone(), dragging.clone());
        listeners.push(EventListener::new(&window, "dragleave", move |_| {
            depth.set((depth.get() - 1).max(0));
            if depth.get() == 0 {
                dragging.set(false);
            }
        }));
    }
    {
        let dispatch = dispatch.clone();
        listeners.push(EventListener::new_with_options(
            &window,
            "drop",
            active,
            move |e| {
                e.prevent_default();
                depth.set(0);
                dragging.set(false);
                let files = files_of(
                    e.dyn_ref::<DragEvent>()
                        .and_then(DragEvent::data_transfer)
                        .and_then(|dt| dt.files()),
                );
                load::load(
                    &intake,
                    files.into_iter().map(Source::from).collect(),
                    dispatch.clone(),
                );
            },
        ));
    }
    listeners.push(EventListener::new_with_options(
        &window,
        "keydown",
        active,
        move |e| {
            let Some(key) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if key.ctrl_key() || key.meta_key() || key.alt_key() {
                return;
            }
            match key.key().as_str() {
                "/" if !typing(e) => {
                    if let Some(input) = search_ref.cast::<HtmlElement>() {
                        e.prevent_default();
                        let _ = input.focus();
                    }
                }
                "Escape" => dispatch.dispatch(Action::Select(None)),
                _ => {}
            }
        },
    ));
    listeners
}

/// True when a drag carries files (not text or a link dragged from the page).
fn carries_files(e: &web_sys::Event) -> bool {
    e.dyn_ref::<DragEvent>()
        .and_then(DragEvent::data_transfer)
        .is_some_and(|dt| dt.types().includes(&"Files".into(), 0))
}

/// True when the key went to a text field (so `/` is typed, not a shortcut).
fn typing(e: &web_sys::Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// The theme remembered from an earlier visit.
fn stored_theme() -> Theme {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .map_or(Theme::System, |v| Theme::parse(&v))
}

/// Sets `<html data-theme>` (absent: follow the system) and remembers the choice.
fn apply_theme(theme: Theme) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = match theme.as_str() {
            Some(t) => root.set_attribute("data-theme", t),
            None => root.remove_attribute("data-theme"),
        };
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = match theme.as_str() {
            Some(t) => storage.set_item(THEME_KEY, t),
            None => storage.remove_item(THEME_KEY),
        };
    }
}

/// Whether the page is dark with this choice (asking the system when it is left to it).
fn is_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    }
}
