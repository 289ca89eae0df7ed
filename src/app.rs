//! The App component: holds the state (one reducer) and the reader (the Web Worker that
//! holds the log), asks the reader for what the admin wants whenever it changes (a query,
//! a search's timeline), listens to the whole window for dropped files and keyboard
//! shortcuts, and lays the page out: welcome page before anything is loaded; afterwards the
//! files strip, summary cards, the grid on the left and the timeline and details on the
//! right. The page keeps only small views of the log; every answer arrives as an action.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use provlens::protocol::{About, Pick, Span, BLOCK};
use provlens_core::kql::KqlTable;
use provlens_core::query::{Column, Query};
use provlens_core::session::ExportFormat;
use provlens_core::timeline::Verdict;
use provlens_core::view::ViewState;
use provlens_core::Status;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{DragEvent, File, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::column_chooser::{self, ColumnChooser};
use crate::components::{
    DropOverlay, EventDetails, EventGrid, ExportMenu, FilterBar, GridToolbar, HistogramChart,
    Insights, JobHealth, LoadProgressBar, LoadReport, LogHealth, Notice, ReaderStopped, RowPick,
    Shortcuts, SummaryCards, SwimlaneView, TimezoneToggle, TopBar, UserTimeline, VerdictCard,
    Welcome,
};
use crate::load::{self, files_of, Source};
use crate::reader::{self, Dispatch, Handle};
use crate::state::{Action, ReaderHealth, State, Theme};

/// Where the chosen theme is remembered between visits (a preference, never data).
const THEME_KEY: &str = "provlens.theme";

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(stored_theme()).with_view(initial_view()));
    // Every time shown below is in the zone chosen (see `display`).
    crate::display::set_utc(state.utc);
    let reader: Rc<Handle> = use_memo((), {
        let dispatch = state.dispatcher();
        move |_| reader::start(dispatch)
    });
    // The rows the grid shows, as it last said: a query's answer brings them along.
    let view = use_mut_ref(|| Span {
        start: 0,
        count: BLOCK,
    });
    let dragging = use_state_eq(|| false);
    // The grid or the swimlane (identities × cycles) of the same result.
    let swimlane_tab = use_state_eq(|| false);
    let search_ref = use_node_ref();

    // The chosen theme, applied to <html data-theme> and remembered.
    use_effect_with(state.theme, |theme| apply_theme(*theme));

    // The whole window takes dropped files at any time; `/` and Esc work anywhere.
    {
        let (dispatch, reader, dragging, search_ref) = (
            state.dispatcher(),
            (*reader).clone(),
            dragging.clone(),
            search_ref.clone(),
        );
        use_effect_with((), move |_| {
            let listeners = window_listeners(dispatch, reader, dragging, search_ref);
            move || drop(listeners)
        });
    }

    // Ask the reader for what the admin wants now: the timeline of a new search (before
    // the query, so it is there when the rows are), then the rows of a new query.
    {
        let asked = use_mut_ref(|| (Query::default(), None::<u32>));
        let (reader, view) = ((*reader).clone(), view.clone());
        use_effect_with(
            (state.query.clone(), state.selected),
            move |(query, selected)| {
                let mut asked = asked.borrow_mut();
                let search_changed = asked.0.search != query.search;
                let deselected = asked.1.is_some() && selected.is_none();
                if selected.is_none()
                    && !query.search.trim().is_empty()
                    && (search_changed || deselected)
                {
                    reader::find(&reader, query.search.clone());
                }
                if asked.0 != *query {
                    reader::query(&reader, query.clone(), *view.borrow(), *selected);
                }
                *asked = (query.clone(), *selected);
            },
        );
    }

    // The view in the URL's hash (filters, sort, columns, identity; never data), kept current.
    {
        let identity = state
            .story
            .as_ref()
            .and_then(|s| s.timeline.as_ref())
            .map(|t| t.identity.clone())
            .or_else(|| state.pending_identity.clone());
        use_effect_with(
            (state.query.clone(), state.columns.clone(), identity),
            |(query, columns, identity)| {
                let view = ViewState {
                    query: query.clone(),
                    columns: columns.clone(),
                    identity: identity.clone(),
                };
                crate::save::set_hash(&view.to_hash());
            },
        );
    }

    // A link's identity: its timeline opens once the files dropped hold it (asked again
    // after each load until found).
    {
        let reader = (*reader).clone();
        let loaded = !state.overview.files.is_empty();
        use_effect_with(
            (
                state.overview.clone(),
                state.pending_identity.clone(),
                state.selected,
            ),
            move |(_, pending, selected)| {
                if let (true, Some(identity), None) = (loaded, pending, selected) {
                    reader::find(&reader, identity.clone());
                }
            },
        );
    }

    // Made once: the dispatcher and the reader never change, so neither do these, and
    // children compare equal props while a load ticks.
    // The swimlane, asked for the shown result while its tab is open.
    {
        let reader = (*reader).clone();
        use_effect_with((*swimlane_tab, state.shown.clone()), move |(open, _)| {
            if *open {
                reader::swimlane(&reader, crate::components::SWIMLANE_LANES);
            }
        });
    }

    let on = use_memo((), {
        let (reader, dispatch) = ((*reader).clone(), state.dispatcher());
        move |_| Handlers::new(reader, dispatch, view)
    });
    let dark = is_dark(state.theme);
    let on_theme = {
        let act = on.act.clone();
        // The system's scheme may have changed since the last render: asked at the click.
        use_callback(state.theme, move |(), theme| {
            act.emit(Action::SetTheme(if is_dark(*theme) {
                Theme::Light
            } else {
                Theme::Dark
            }))
        })
    };

    let overview = state.overview.clone();
    let loading = state.loading().cloned();
    let loaded = !overview.files.is_empty();
    let notice = state.problem.as_ref().map(|text| {
        html! { <Notice text={text.clone()} on_dismiss={on.dismiss.clone()} /> }
    });
    let stopped = match &state.reader {
        ReaderHealth::Stopped(why) => html! {
            <ReaderStopped why={why.clone()} {loaded} on_reload={on.reload.clone()} />
        },
        ReaderHealth::Silent(seconds) => html! {
            <ReaderStopped why={AttrValue::from(format!("{seconds}"))} silent=true {loaded} on_reload={on.reload.clone()} />
        },
        ReaderHealth::Working => html! {},
    };
    let reader_hook = match (&state.reader, state.reader_ready) {
        (ReaderHealth::Stopped(_), _) => "stopped",
        (_, true) => "ready",
        (_, false) => "starting",
    };
    let top_bar = html! {
        <TopBar {loaded} busy={loading.is_some()} {dark} on_files={on.files.clone()} on_demo={on.demo.clone()} {on_theme} />
    };
    let overlay = html! { <DropOverlay visible={*dragging} adding={loaded} /> };

    if !loaded {
        return html! {
            <div class="app app-welcome" data-reader={reader_hook}>
                {top_bar}
                {stopped}
                {notice}
                <Welcome {loading} on_files={on.files.clone()} on_demo={on.demo.clone()} on_cancel={on.cancel.clone()} />
                {overlay}
            </div>
        };
    }

    let q = &state.query;
    let search = q.search.trim().to_string();
    let story = state.story.clone();
    let timeline_shown = story.as_ref().is_some_and(|s| s.timeline.is_some());
    // Timeline and event details both shown: the pane is split between them.
    let split = timeline_shown && state.event.is_some() && state.selected.is_some();
    let side = match &story {
        Some(s) if s.timeline.is_some() => html! {
            <UserTimeline story={s.clone()} selected={state.selected} on_select={on.select_event.clone()} compact={split} />
        },
        // The search's answer: nobody. Said only once the reader has answered.
        Some(s)
            if state.selected.is_none()
                && !search.is_empty()
                && matches!(&s.about, About::Search(t) if *t == q.search)
                // Events match (an error code, a cycle id): not "nobody", just no one identity.
                && !(state.shown.query.search == q.search && state.shown.total > 0) =>
        {
            html! {
                <section class="panel" aria-label="Search result">
                    <VerdictCard verdict={Verdict::not_found(&search)} />
                </section>
            }
        }
        _ => html! {},
    };
    let details = match (&state.event, state.selected) {
        (Some(event), Some(_)) => {
            let file = overview
                .files
                .get(event.file as usize)
                .map(|f| AttrValue::from(f.name.clone()));
            let index = state.selected.unwrap_or_default();
            html! { <EventDetails event={event.clone()} {file} {index} raw={state.raw.clone()} on_raw={on.raw.clone()} /> }
        }
        (None, None) if story.is_none() && search.is_empty() => html! {
            <section class="panel hint">
                <h2>{"Pick an event"}</h2>
                <p>{"Click a row (or use ↑/↓ and Enter) to see the event's steps and the timeline of its identity, ending in a verdict."}</p>
                <p>{"Or search for a user: type any id, UPN or name. Press "}<kbd>{"/"}</kbd>{" to search, "}<kbd>{"Esc"}</kbd>{" to clear the selection."}</p>
            </section>
        },
        _ => html! {},
    };
    let shown = &state.shown;
    // A top error's code clicked: the failures with that code (the search covers error codes).
    let on_code = {
        let act = on.act.clone();
        Callback::from(move |code: String| {
            act.emit(Action::FilterStatus(Some(Status::Failure)));
            act.emit(Action::Search(code));
        })
    };
    let filtered = !shown.query.is_everything();
    let on_range = {
        let (act, query) = (on.act.clone(), q.clone());
        Callback::from(move |(from, to)| {
            let mut next = query.clone();
            next.from = from;
            next.to = to;
            act.emit(Action::SetQuery(Box::new(next)));
        })
    };
    let on_tz = {
        let (act, utc) = (on.act.clone(), state.utc);
        Callback::from(move |()| act.emit(Action::SetUtc(!utc)))
    };
    let columns = column_chooser::visible(&state.columns);
    let shortcuts = state.shortcuts.then(|| {
        html! { <Shortcuts on_close={on.act.reform(|()| Action::Shortcuts(false))} /> }
    });

    html! {
        <div class="app" key={if state.utc { "utc" } else { "local" }} data-reader={reader_hook}>
            {top_bar}
            if let Some(progress) = loading {
                <div class="strip"><LoadProgressBar {progress} on_cancel={on.cancel.clone()} /></div>
            } else {
                <LoadReport overview={overview.clone()} />
            }
            {stopped}
            {notice}
            if !overview.jobs.is_empty() {
                <JobHealth overview={overview.clone()} />
            } else if !state.log_health_hidden && overview.summary.events > 0 {
                <LogHealth overview={overview.clone()} on_dismiss={on.hide_health.clone()} />
            }
            <SummaryCards overview={overview.clone()} status={q.status} on_status={on.status.clone()} />
            <Insights overview={overview.clone()} on_code={on_code} />
            <HistogramChart histogram={state.histogram.clone()} from={q.from} to={q.to} {on_range} />
            <main class="workspace">
                <section class="grid-pane" aria-label="Events">
                    <GridToolbar search={q.search.clone()} status={q.status} activity={q.activity.clone().map(AttrValue::from)}
                        overview={overview.clone()} shown={shown.total as usize} total={shown.of as usize} search_ref={search_ref}
                        on_search={on.search.clone()} on_status={on.status.clone()} on_activity={on.activity.clone()} />
                    <div class="grid-tools">
                        <FilterBar query={q.clone()} overview={overview.clone()} on_query={on.query.clone()} />
                        <div class="grid-actions">
                            <ColumnChooser shown={columns.clone()} on_change={on.act.reform(Action::SetColumns)} />
                            <ExportMenu shown={shown.total} kql={state.kql.clone().map(AttrValue::from)}
                                on_export={on.export.clone()} on_kql={on.kql.clone()} on_close={on.act.reform(|()| Action::CloseKql)} />
                            <TimezoneToggle utc={state.utc} on_toggle={on_tz} />
                            <button type="button" class="btn btn-small" data-testid="shortcuts-button" title="Keyboard shortcuts (?)"
                                aria-label="Keyboard shortcuts" onclick={on.act.reform(|_: MouseEvent| Action::Shortcuts(true))}>{"?"}</button>
                        </div>
                    </div>
                    <div class="view-tabs" role="tablist" aria-label="Views">
                        <button type="button" role="tab" class={classes!("view-tab", (!*swimlane_tab).then_some("chosen"))}
                            data-testid="view-grid" aria-selected={(!*swimlane_tab).to_string()}
                            onclick={{ let t = swimlane_tab.clone(); move |_: MouseEvent| t.set(false) }}>{"Events"}</button>
                        <button type="button" role="tab" class={classes!("view-tab", swimlane_tab.then_some("chosen"))}
                            data-testid="view-swimlane" aria-selected={swimlane_tab.to_string()}
                            onclick={{ let t = swimlane_tab.clone(); move |_: MouseEvent| t.set(true) }}>{"Identities × cycles"}</button>
                    </div>
                    if *swimlane_tab {
                        <SwimlaneView swimlane={state.swimlane.clone()} selected={state.selected} on_select={on.select_event.clone()} />
                    } else {
                        <EventGrid rows={state.rows.clone()} total={shown.total} loaded={shown.of} busy={state.busy()}
                            sort={q.sort} selected={state.selected} cursor={state.cursor} {filtered} {columns}
                            on_sort={on.sort.clone()} on_select={on.pick.clone()} on_view={on.view.clone()} on_need={on.need.clone()} />
                    }
                </section>
                // Timeline and event details both shown: each gets its share of the pane and
                // scrolls on its own, so the details never start below the window's edge.
                <aside class={classes!("side-pane", split.then_some("split"))}
                    aria-label="Identity and event">
                    {side}
                    {details}
                </aside>
            </main>
            {shortcuts}
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
    reload: Callback<()>,
    dismiss: Callback<()>,
    hide_health: Callback<()>,
    search: Callback<String>,
    status: Callback<Option<Status>>,
    activity: Callback<Option<String>>,
    sort: Callback<Column>,
    /// A grid row was picked (click or keyboard).
    pick: Callback<RowPick>,
    /// A timeline change was picked: its event.
    select_event: Callback<u32>,
    /// The grid's rows in view changed.
    view: Callback<Span>,
    /// The grid needs blocks of rows.
    need: Callback<(u32, Vec<u32>)>,
    /// The filter bar's query.
    query: Callback<Query>,
    /// Export the current result.
    export: Callback<ExportFormat>,
    /// The current query as KQL.
    kql: Callback<KqlTable>,
    /// An event's record as it is in its file.
    raw: Callback<u32>,
}

impl Handlers {
    fn new(reader: Handle, dispatch: Dispatch, view: Rc<RefCell<Span>>) -> Self {
        let act: Callback<Action> = dispatch.clone().into();
        let files = {
            let reader = reader.clone();
            Callback::from(move |files: Vec<File>| {
                reader::load(&reader, files.into_iter().map(Source::from).collect());
            })
        };
        let demo = {
            let (reader, dispatch) = (reader.clone(), dispatch.clone());
            Callback::from(move |()| {
                let (reader, dispatch) = (reader.clone(), dispatch.clone());
                spawn_local(async move {
                    match load::fetch_demo().await {
                        Ok(sources) => reader::load(&reader, sources),
                        Err(why) => dispatch.dispatch(Action::LoadFailed(format!(
                            "The demo could not be loaded: {why}."
                        ))),
                    }
                });
            })
        };
        let pick = {
            let (reader, dispatch) = (reader.clone(), dispatch.clone());
            Callback::from(move |pick: RowPick| match pick.event {
                Some(index) => {
                    dispatch.dispatch(Action::Select {
                        index,
                        row: Some(pick.row),
                    });
                    reader::select(&reader, Pick::Event(index));
                }
                None => {
                    dispatch.dispatch(Action::SelectRow(pick.row));
                    reader::select(&reader, Pick::Row(pick.row));
                }
            })
        };
        let select_event = {
            let (reader, dispatch) = (reader.clone(), dispatch.clone());
            Callback::from(move |index: u32| {
                dispatch.dispatch(Action::Select { index, row: None });
                reader::select(&reader, Pick::Event(index));
            })
        };
        let need = {
            let reader = reader.clone();
            Callback::from(move |(generation, starts): (u32, Vec<u32>)| {
                reader::rows(&reader, generation, &starts)
            })
        };
        let export = {
            let reader = reader.clone();
            Callback::from(move |format| reader::export(&reader, format))
        };
        let kql = {
            let reader = reader.clone();
            Callback::from(move |table| reader::kql(&reader, table))
        };
        let raw = {
            let reader = reader.clone();
            Callback::from(move |index| reader::raw(&reader, index))
        };
        Handlers {
            query: act.reform(|q| Action::SetQuery(Box::new(q))),
            export,
            kql,
            raw,
            files,
            demo,
            cancel: {
                let reader = reader.clone();
                Callback::from(move |()| reader::cancel(&reader))
            },
            reload: Callback::from(move |()| reader::reload(&reader)),
            dismiss: act.reform(|()| Action::DismissProblem),
            hide_health: act.reform(|()| Action::HideLogHealth),
            search: act.reform(Action::Search),
            status: act.reform(Action::FilterStatus),
            activity: act.reform(Action::FilterActivity),
            sort: act.reform(Action::SortBy),
            pick,
            select_event,
            view: Callback::from(move |span: Span| *view.borrow_mut() = span),
            need,
            act,
        }
    }
}

/// Listeners on the window: drag and drop anywhere, `/` to search, Esc to clear the
/// selection. They detach when dropped.
fn window_listeners(
    dispatch: Dispatch,
    reader: Handle,
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
                reader::load(&reader, files.into_iter().map(Source::from).collect());
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
                "?" if !typing(e) => {
                    e.prevent_default();
                    dispatch.dispatch(Action::Shortcuts(true));
                }
                "Escape" => dispatch.dispatch(Action::Deselect),
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

/// The view the page opens with: the link's hash, else the columns remembered.
fn initial_view() -> ViewState {
    let mut view = ViewState::from_hash(&crate::save::hash());
    if view.columns.is_empty() {
        view.columns = column_chooser::remembered();
    }
    view
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
