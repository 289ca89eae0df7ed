//! The page's state and the one place it changes: a pure reducer (`Action` + `Reducible`,
//! as in Yew's `function_todomvc`). The log itself lives in the reader (the Web Worker);
//! the state holds only small views of it: the overview (cards, file reports, jobs), the
//! result of the current query (its size and a cache of the rows seen lately), the selected
//! event and the timeline shown. Answers from the reader are actions like any other; an
//! answer that no longer fits what the page shows (an older selection, another search, rows
//! of an older result) is dropped here.

use std::collections::BTreeMap;
use std::rc::Rc;

use provlens::protocol::{
    About, BatchProgress, Loaded, Matched, RowBlock, Selected, Span, Story, BLOCK,
};
use provlens_core::histogram::Histogram;
use provlens_core::query::{Column, Query};
use provlens_core::raw::RawRecord;
use provlens_core::session::{Overview, Row};
use provlens_core::swimlane::Swimlane;
use provlens_core::view::ViewState;
use provlens_core::{Event, Status};
use yew::Reducible;

use crate::shared::Shared;

/// Blocks of rows kept at most (the grid shows about one; the rest spares the reader).
const MAX_BLOCKS: usize = 32;

/// The colour scheme the admin chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// The stored and `data-theme` form; `None` for [`Theme::System`].
    pub fn as_str(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// Reads the stored form; anything else means [`Theme::System`].
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// The result shown in the grid: which query it answers and how many rows it has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    /// The query these rows answer (the page may already want another: see
    /// [`State::busy`]).
    pub query: Query,
    /// Rows matching.
    pub total: u32,
    /// Events loaded.
    pub of: u32,
}

/// Rows of the current result seen lately, in blocks of [`BLOCK`], all of one generation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowCache {
    /// The result they belong to.
    pub generation: u32,
    blocks: BTreeMap<u32, Rc<[Row]>>,
}

impl RowCache {
    /// The rows of a fresh result.
    pub fn fresh(block: RowBlock) -> RowCache {
        RowCache {
            generation: block.generation,
            blocks: BTreeMap::new(),
        }
        .with(block)
    }

    /// The row at position `pos`, if it has arrived.
    pub fn get(&self, pos: u32) -> Option<&Row> {
        let start = pos - pos % BLOCK;
        self.blocks
            .get(&start)
            .and_then(|rows| rows.get((pos - start) as usize))
    }

    /// The starts of the blocks of `span` (rounded out, a block to spare on each side) that
    /// are not here, within a result of `total` rows.
    pub fn missing(&self, span: Span, total: u32) -> Vec<u32> {
        let wanted = span.blocks();
        (wanted.start..wanted.start + wanted.count)
            .step_by(BLOCK as usize)
            .filter(|start| *start < total && !self.blocks.contains_key(start))
            .collect()
    }

    /// This cache with `block`'s rows added (when of the same generation), and the blocks
    /// farthest from them dropped past [`MAX_BLOCKS`].
    pub fn with(&self, block: RowBlock) -> RowCache {
        let mut next = self.clone();
        if block.generation != self.generation || !block.start.is_multiple_of(BLOCK) {
            return next;
        }
        let mut start = block.start;
        let mut rows = block.rows.into_iter().peekable();
        while rows.peek().is_some() {
            let part: Vec<Row> = rows.by_ref().take(BLOCK as usize).collect();
            next.blocks.insert(start, part.into());
            start += BLOCK;
        }
        let near = block.start;
        while next.blocks.len() > MAX_BLOCKS {
            let far = next
                .blocks
                .keys()
                .copied()
                .max_by_key(|k| k.abs_diff(near))
                .unwrap_or(near);
            next.blocks.remove(&far);
        }
        next
    }
}

/// Whether the reader (the worker holding the log) can answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReaderHealth {
    /// It answers.
    Working,
    /// It stopped (a panic, an error, out of memory): what was shown stays; sorting,
    /// searching and rows not seen yet need the files read again.
    Stopped(String),
    /// It has not answered for this many seconds while requests waited: busy with a large
    /// file, or stopped without an error (closed, or ended by the browser).
    Silent(u32),
}

/// Everything the page shows is derived from this.
#[derive(Clone, Debug)]
pub struct State {
    /// Files, cards, activities, jobs: the log's state after the last batch.
    pub overview: Shared<Overview>,
    /// The result the grid shows.
    pub shown: Shown,
    /// Its rows, as far as they have arrived.
    pub rows: Shared<RowCache>,
    /// Batches being read or waiting, by number, with how far each has come.
    pub loads: BTreeMap<u32, BatchProgress>,
    /// Search, filters and sort the admin wants (the reader may still be answering).
    pub query: Query,
    /// The selected event: an index into the log's events (stable: the log only grows).
    pub selected: Option<u32>,
    /// The selected event's row in the shown result (or the row the keyboard went to,
    /// whose event is on its way).
    pub cursor: Option<u32>,
    /// The event shown in the details (the selected one once it has arrived).
    pub event: Option<Shared<Event>>,
    /// The timeline shown: the selected event's identity's, or the one a search finds.
    pub story: Option<Shared<Story>>,
    /// The selected event's record as it is in its file, once the reader read it.
    pub raw: Option<Shared<RawRecord>>,
    /// The identity a link's hash names, to open once the files hold it.
    pub pending_identity: Option<String>,
    /// The colour scheme.
    pub theme: Theme,
    /// A problem that belongs to no file (e.g. the demo could not be fetched), for the admin.
    pub problem: Option<String>,
    /// The admin hid the health row derived from the logs (shown when no job status is
    /// loaded); a loaded job status is always shown.
    pub log_health_hidden: bool,
    /// Whether the reader answers.
    pub reader: ReaderHealth,
    /// The reader said it is ready (its wasm started and warmed up): files dropped before
    /// wait for it. Shown as the `data-reader` hook.
    pub reader_ready: bool,
    /// Identities × cycles of the shown result (the last the reader drew).
    pub swimlane: Option<Shared<Swimlane>>,
    /// Events over time of the shown result (the last the reader drew).
    pub histogram: Option<Shared<Histogram>>,
    /// The query to copy (shown in a popover), once the reader wrote it.
    pub kql: Option<String>,
    /// The grid's visible columns, by id, in order (empty: the default ones).
    pub columns: Vec<String>,
    /// Times shown in UTC (else in the browser's time zone).
    pub utc: bool,
    /// The keyboard shortcut list is open.
    pub shortcuts: bool,
}

/// The overview of an empty log.
fn empty_overview() -> Overview {
    Overview::default()
}

impl State {
    /// Nothing loaded, in the given theme.
    pub fn new(theme: Theme) -> Self {
        State {
            overview: Shared::new(empty_overview()),
            shown: Shown::default(),
            rows: Shared::new(RowCache::default()),
            loads: BTreeMap::new(),
            query: Query::default(),
            selected: None,
            cursor: None,
            event: None,
            story: None,
            raw: None,
            pending_identity: None,
            theme,
            problem: None,
            log_health_hidden: false,
            reader: ReaderHealth::Working,
            reader_ready: false,
            swimlane: None,
            histogram: None,
            kql: None,
            columns: Vec::new(),
            utc: true,
            shortcuts: false,
        }
    }

    /// This state showing `view` (from a link's hash): its filters, sort and columns.
    pub fn with_view(mut self, view: ViewState) -> Self {
        self.query = view.query;
        if !view.columns.is_empty() {
            self.columns = view.columns;
        }
        self.pending_identity = view.identity.filter(|i| !i.trim().is_empty());
        self
    }

    /// The batch whose progress is shown (the first one still being read or waiting).
    pub fn loading(&self) -> Option<&BatchProgress> {
        self.loads.values().next()
    }

    /// The reader has not answered the query the admin wants yet.
    pub fn busy(&self) -> bool {
        self.query != self.shown.query && self.reader == ReaderHealth::Working
    }

    /// True when `story` is about what the page asks a timeline for now: the selected
    /// event, or, with nothing selected, the search.
    fn wants(&self, story: &Story) -> bool {
        match (&story.about, self.selected) {
            (About::Event(i), Some(selected)) => *i == selected,
            (About::Search(s), None) => {
                *s == self.query.search || self.pending_identity.as_ref() == Some(s)
            }
            _ => false,
        }
    }

    /// Takes a query's result: its size, its rows (a new cache), where the selection is.
    fn show(&mut self, matched: Matched) {
        self.shown = Shown {
            query: matched.query,
            total: matched.total,
            of: matched.of,
        };
        self.rows = Shared::new(RowCache::fresh(matched.rows));
        if self.selected.is_some() {
            self.cursor = matched.cursor;
        }
    }
}

/// One change of state.
pub enum Action {
    /// A batch of files was handed to the reader.
    LoadStarted {
        /// Its number.
        batch: u32,
        /// Files in the batch.
        files: u32,
        /// Their total size.
        total_bytes: u64,
    },
    /// The reader read more of a batch.
    LoadProgress(BatchProgress),
    /// A batch was added to the log.
    Loaded(Box<Loaded>),
    /// A batch was stopped (or never started); nothing of it is added.
    LoadCancelled(u32),
    /// A load could not start; the sentence says why.
    LoadFailed(String),
    /// The reader answered a query.
    Matched(Box<Matched>),
    /// The reader sent rows.
    Rows(RowBlock),
    /// The reader sent the selected event.
    Selected(Box<Selected>),
    /// The reader sent the timeline a search finds.
    Found(Box<Story>),
    /// The reader could not answer one request; it still answers others.
    ReaderProblem(String),
    /// The reader stopped; the loads in flight are lost.
    ReaderStopped(String),
    /// A fresh reader was started to read the files again.
    ReaderRestarted,
    /// The reader is ready for files.
    ReaderReady,
    /// The reader has not answered for this many seconds while requests waited.
    ReaderSilent(u32),
    /// The silent reader spoke again.
    ReaderHeard,
    /// The admin dismissed the problem notice.
    DismissProblem,
    /// The search text changed.
    Search(String),
    /// Only events of this status (or all).
    FilterStatus(Option<Status>),
    /// Only events of this activity (or all).
    FilterActivity(Option<String>),
    /// A column header was clicked.
    SortBy(Column),
    /// An event was selected: its index, and its row when it was picked in the grid.
    Select {
        /// Index into the log's events.
        index: u32,
        /// Its row in the shown result, when known.
        row: Option<u32>,
    },
    /// The keyboard went to a row whose event has not arrived yet.
    SelectRow(u32),
    /// The selection was cleared (Esc).
    Deselect,
    /// The admin chose a colour scheme.
    SetTheme(Theme),
    /// The admin hid the health row derived from the logs.
    HideLogHealth,
    /// The reader drew identities × cycles.
    Swimlane(Box<Swimlane>),
    /// Search, filters and sort all at once (the filter bar, Clear filters).
    SetQuery(Box<Query>),
    /// The reader drew the events over time of the current result.
    Histogram(Box<Histogram>),
    /// The reader wrote the current query as KQL.
    Kql(String),
    /// The KQL popover was closed.
    CloseKql,
    /// The grid's visible columns, by id.
    SetColumns(Vec<String>),
    /// Times in UTC (true) or local time.
    SetUtc(bool),
    /// Opens or closes the keyboard shortcut list.
    Shortcuts(bool),
    /// The reader read an event's record from its file.
    Raw(Box<RawRecord>),
}

impl State {
    fn reduce_owned(self, action: Action) -> Rc<State> {
        Rc::new(self).reduce(action)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::LoadStarted {
                batch,
                files,
                total_bytes,
            } => {
                next.problem = None;
                next.loads.insert(
                    batch,
                    BatchProgress {
                        batch,
                        files,
                        total_bytes,
                        number: 1,
                        ..BatchProgress::default()
                    },
                );
            }
            Action::LoadProgress(progress) => {
                if let Some(p) = next.loads.get_mut(&progress.batch) {
                    *p = progress;
                }
            }
            Action::Loaded(loaded) => {
                let Loaded {
                    batch,
                    overview,
                    matched,
                    story,
                } = *loaded;
                next.loads.remove(&batch);
                next.overview = Shared::new(overview);
                next.show(matched);
                if let Some(story) = story.filter(|s| next.wants(s)) {
                    next.story = Some(Shared::new(story));
                }
            }
            Action::LoadCancelled(batch) => {
                next.loads.remove(&batch);
            }
            Action::LoadFailed(why) => next.problem = Some(why),
            Action::Matched(matched) => next.show(*matched),
            Action::Rows(block) => {
                if block.generation == next.rows.generation {
                    next.rows = Shared::new(next.rows.with(block));
                } else {
                    return self;
                }
            }
            Action::Selected(selected) => {
                let Selected {
                    index,
                    cursor,
                    event,
                    story,
                    rows,
                } = *selected;
                // Only the pick the page still wants: the event selected, or the row the
                // keyboard went to.
                let by_row = rows.is_some() && cursor.is_some() && next.cursor == cursor;
                if next.selected != Some(index) && !by_row {
                    return self;
                }
                next.selected = Some(index);
                next.cursor = cursor;
                next.event = Some(Shared::new(event));
                next.story = Some(Shared::new(story));
                if let Some(block) = rows {
                    next.rows = Shared::new(next.rows.with(block));
                }
            }
            Action::Found(story) => {
                if !next.wants(&story) {
                    return self;
                }
                // A link's identity, found: it is open now (a search for it that found
                // nobody leaves it pending for the next files, and shows nothing).
                let pending = matches!(&story.about, About::Search(s)
                    if next.pending_identity.as_ref() == Some(s) && *s != next.query.search);
                if pending && story.timeline.is_none() {
                    return self;
                }
                if pending || story.timeline.is_some() {
                    next.pending_identity = None;
                }
                next.story = Some(Shared::new(*story));
            }
            Action::ReaderProblem(why) => next.problem = Some(why),
            Action::ReaderStopped(why) => {
                next.loads.clear();
                next.reader = ReaderHealth::Stopped(why);
                next.reader_ready = false;
            }
            Action::ReaderRestarted => {
                next.reader = ReaderHealth::Working;
                next.reader_ready = false;
            }
            Action::ReaderReady => next.reader_ready = true,
            Action::ReaderSilent(seconds) => {
                if next.reader == ReaderHealth::Working {
                    next.reader = ReaderHealth::Silent(seconds);
                }
            }
            Action::ReaderHeard => {
                if matches!(next.reader, ReaderHealth::Silent(_)) {
                    next.reader = ReaderHealth::Working;
                }
            }
            Action::DismissProblem => next.problem = None,
            Action::Search(text) => {
                // A new search asks about another object: the old selection would hide its
                // timeline.
                if text != next.query.search {
                    next.pending_identity = None;
                    next.selected = None;
                    next.cursor = None;
                    next.event = None;
                    if text.trim().is_empty() {
                        next.story = None;
                    }
                }
                next.query.search = text;
            }
            Action::FilterStatus(status) => next.query.status = status,
            Action::FilterActivity(activity) => next.query.activity = activity,
            Action::SortBy(column) => next.query.sort = next.query.sort.clicked(column),
            Action::Select { index, row } => {
                if index >= next.overview.summary.events as u32 {
                    return self;
                }
                next.pending_identity = None;
                next.selected = Some(index);
                next.cursor = row;
            }
            Action::SelectRow(row) => {
                if row >= next.shown.total {
                    return self;
                }
                next.cursor = Some(row);
            }
            Action::Deselect if next.shortcuts || next.kql.is_some() => {
                // Esc closes what is open on top first.
                next.shortcuts = false;
                next.kql = None;
            }
            Action::Deselect => {
                next.selected = None;
                next.cursor = None;
                next.event = None;
                if next.query.search.trim().is_empty() {
                    next.story = None;
                }
            }
            Action::SetTheme(theme) => next.theme = theme,
            Action::HideLogHealth => next.log_health_hidden = true,
            Action::SetQuery(query) => {
                if query.search != next.query.search {
                    next = (*next.reduce_owned(Action::Search(query.search.clone()))).clone();
                }
                next.query = *query;
            }
            Action::Histogram(h) => next.histogram = Some(Shared::new(*h)),
            Action::Kql(text) => next.kql = Some(text),
            Action::CloseKql => next.kql = None,
            Action::SetColumns(columns) => next.columns = columns,
            Action::SetUtc(utc) => next.utc = utc,
            Action::Shortcuts(open) => next.shortcuts = open,
            Action::Swimlane(s) => next.swimlane = Some(Shared::new(*s)),
            Action::Raw(record) => {
                if next.selected != Some(record.index) {
                    return self;
                }
                next.raw = Some(Shared::new(*record));
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use provlens_core::query::Sort;
    use provlens_core::session::{Request, Response, Session};
    use provlens_core::timeline::Timeline;

    const PAGE: &str = r#"{"@odata.context":"x","value":[
        {"id":"e1","activityDateTime":"2026-10-05T06:01:33Z","provisioningAction":"create",
         "provisioningStatusInfo":{"status":"success"},
         "sourceIdentity":{"id":"u1","displayName":"Adele Vance"},"targetIdentity":{"id":"t1"}},
        {"id":"e2","activityDateTime":"2026-10-05T07:01:33Z","provisioningAction":"update",
         "provisioningStatusInfo":{"status":"failure"},
         "sourceIdentity":{"id":"u2","displayName":"Alex Wilber"},"targetIdentity":{"id":"t2"}}
    ]}"#;

    /// What the reader answers for a batch of these files, as generation `generation`.
    fn loaded(batch: u32, generation: u32, files: &[&str]) -> Loaded {
        let mut s = Session::new();
        for (n, text) in files.iter().enumerate() {
            s.handle(Request::BeginFile {
                name: format!("f{n}.json"),
                size: None,
            });
            s.push(text.as_bytes());
            s.handle(Request::EndFile);
        }
        let Some(Response::Loaded(overview)) = s.handle(Request::EndBatch) else {
            panic!("loaded")
        };
        Loaded {
            batch,
            overview: *overview,
            matched: Matched {
                query: Query::default(),
                total: s.total(),
                of: s.log().events.len() as u32,
                rows: RowBlock {
                    generation,
                    start: 0,
                    rows: s.rows(0, BLOCK),
                },
                cursor: None,
            },
            story: None,
        }
    }

    fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    fn started(batch: u32) -> Action {
        Action::LoadStarted {
            batch,
            files: 1,
            total_bytes: 10,
        }
    }

    fn row(index: u32) -> Row {
        Row {
            index,
            id: format!("e{index}"),
            time: None,
            identity: String::new(),
            name: None,
            identity_key: String::new(),
            activity: String::new(),
            status: Status::Success,
            reason: String::new(),
            error_code: None,
            source_system: None,
            target_system: None,
            job: None,
            cycle: None,
            change: None,
            duration_ms: None,
            file: String::new(),
        }
    }

    #[test]
    fn a_loaded_batch_brings_the_overview_the_count_and_the_first_rows() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, started(1));
        assert_eq!(s.loading().map(|p| p.total_bytes), Some(10));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        assert!(s.loading().is_none());
        assert_eq!(s.overview.files.len(), 1);
        assert_eq!(s.shown.total, 2);
        assert_eq!(s.rows.get(0).map(|r| r.id.as_str()), Some("e2"));
        assert!(s.rows.get(2).is_none());
    }

    #[test]
    fn a_cancelled_batch_keeps_what_was_shown() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        let before = s.overview.clone();
        let s = reduce(s, started(2));
        let s = reduce(s, started(3));
        assert_eq!(s.loading().map(|p| p.batch), Some(2));
        let s = reduce(s, Action::LoadCancelled(2));
        assert_eq!(s.loading().map(|p| p.batch), Some(3));
        let s = reduce(s, Action::LoadCancelled(3));
        assert!(s.loading().is_none());
        assert_eq!(s.overview, before);
    }

    #[test]
    fn rows_of_another_generation_are_dropped() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 4, &[PAGE]))));
        let stale = RowBlock {
            generation: 3,
            start: BLOCK,
            rows: vec![row(9)],
        };
        let s = reduce(s, Action::Rows(stale));
        assert!(s.rows.get(BLOCK).is_none());
        let fresh = RowBlock {
            generation: 4,
            start: BLOCK,
            rows: vec![row(9)],
        };
        let s = reduce(s, Action::Rows(fresh));
        assert_eq!(s.rows.get(BLOCK).map(|r| r.index), Some(9));
    }

    #[test]
    fn the_cache_keeps_the_blocks_nearest_the_last_ones_and_says_what_is_missing() {
        let mut cache = RowCache::default();
        for b in 0..(MAX_BLOCKS as u32 + 8) {
            let rows = (0..BLOCK).map(|i| row(b * BLOCK + i)).collect();
            cache = cache.with(RowBlock {
                generation: 0,
                start: b * BLOCK,
                rows,
            });
        }
        assert_eq!(cache.blocks.len(), MAX_BLOCKS);
        assert!(cache.get(0).is_none(), "the farthest block went first");
        let last = (MAX_BLOCKS as u32 + 7) * BLOCK;
        assert_eq!(cache.get(last + 5).map(|r| r.index), Some(last + 5));
        let view = Span {
            start: last,
            count: 30,
        };
        assert_eq!(
            cache.missing(view, 10 * last),
            vec![last + BLOCK],
            "only the block after the last"
        );
        assert_eq!(cache.missing(view, last + 10), Vec::<u32>::new());
    }

    #[test]
    fn the_grid_is_busy_until_the_query_wanted_is_answered() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        assert!(!s.busy());
        let s = reduce(s, Action::SortBy(Column::Identity));
        assert_eq!(
            s.query.sort,
            Sort {
                column: Column::Identity,
                descending: false
            }
        );
        assert!(s.busy());
        let answered = Matched {
            query: s.query.clone(),
            total: 2,
            of: 2,
            rows: RowBlock {
                generation: 2,
                start: 0,
                rows: vec![row(1), row(0)],
            },
            cursor: None,
        };
        let s = reduce(s, Action::Matched(Box::new(answered)));
        assert!(!s.busy());
        assert_eq!(s.rows.generation, 2);
        assert_eq!(s.rows.get(0).map(|r| r.index), Some(1));
    }

    fn selected(index: u32, cursor: Option<u32>, by_row: bool) -> Box<Selected> {
        let mut session = Session::new();
        session.handle(Request::BeginFile {
            name: "a.json".into(),
            size: None,
        });
        session.push(PAGE.as_bytes());
        session.handle(Request::EndFile);
        session.handle(Request::EndBatch);
        let event = session.log().events[index as usize].clone();
        Box::new(Selected {
            index,
            cursor,
            event,
            story: Story {
                about: About::Event(index),
                timeline: None::<Timeline>,
            },
            rows: by_row.then(|| RowBlock {
                generation: 1,
                start: 0,
                rows: vec![row(1), row(0)],
            }),
        })
    }

    #[test]
    fn only_the_selection_still_wanted_is_shown() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        let s = reduce(
            s,
            Action::Select {
                index: 0,
                row: Some(1),
            },
        );
        assert_eq!((s.selected, s.cursor), (Some(0), Some(1)));
        // An answer for an event no longer selected is dropped.
        let s = reduce(s, Action::Selected(selected(1, Some(0), false)));
        assert!(s.event.is_none());
        let s = reduce(s, Action::Selected(selected(0, Some(1), false)));
        assert_eq!(s.event.as_ref().map(|e| &*e.id), Some("e1"));
        // The keyboard goes to row 0, whose event is not known yet: its answer is taken.
        let s = reduce(s, Action::SelectRow(0));
        assert_eq!((s.selected, s.cursor), (Some(0), Some(0)));
        let s = reduce(s, Action::Selected(selected(1, Some(0), true)));
        assert_eq!((s.selected, s.cursor), (Some(1), Some(0)));
        // Esc clears it; a late answer does not bring it back.
        let s = reduce(s, Action::Deselect);
        let s = reduce(s, Action::Selected(selected(1, Some(0), false)));
        assert_eq!(s.selected, None);
        assert!(s.event.is_none());
    }

    #[test]
    fn a_new_search_clears_the_selection_and_takes_only_its_own_timeline() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        let s = reduce(
            s,
            Action::Select {
                index: 0,
                row: None,
            },
        );
        let s = reduce(s, Action::Search("adele".into()));
        assert_eq!(s.selected, None);
        let other = Story {
            about: About::Search("ad".into()),
            timeline: None,
        };
        let s = reduce(s, Action::Found(Box::new(other)));
        assert!(
            s.story.is_none(),
            "a timeline for an older search is dropped"
        );
        let found = Story {
            about: About::Search("adele".into()),
            timeline: None,
        };
        let s = reduce(s, Action::Found(Box::new(found)));
        assert!(s.story.is_some());
        let s = reduce(s, Action::Search(String::new()));
        assert!(s.story.is_none(), "no search, no selection: no timeline");
    }

    #[test]
    fn out_of_range_selections_are_refused() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        let s = reduce(
            s,
            Action::Select {
                index: 7,
                row: None,
            },
        );
        assert_eq!(s.selected, None);
        let s = reduce(s, Action::SelectRow(2));
        assert_eq!(s.cursor, None);
    }

    #[test]
    fn a_stopped_reader_ends_the_loads_and_keeps_the_log_shown() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        let s = reduce(s, started(2));
        let s = reduce(s, Action::ReaderStopped("boom".into()));
        assert!(s.loading().is_none());
        assert_eq!(s.reader, ReaderHealth::Stopped("boom".into()));
        assert_eq!(s.shown.total, 2);
        assert!(!s.busy());
        let s = reduce(s, Action::ReaderRestarted);
        assert_eq!(s.reader, ReaderHealth::Working);
        assert!(!s.reader_ready, "a fresh reader starts");
        let s = reduce(s, Action::ReaderReady);
        assert!(s.reader_ready);
    }

    #[test]
    fn a_silent_reader_is_said_so_until_it_speaks_and_a_stop_wins() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::ReaderSilent(20));
        assert_eq!(s.reader, ReaderHealth::Silent(20));
        let s = reduce(s, Action::ReaderHeard);
        assert_eq!(s.reader, ReaderHealth::Working);
        let s = reduce(s, Action::ReaderStopped("boom".into()));
        let s = reduce(s, Action::ReaderSilent(20));
        assert_eq!(s.reader, ReaderHealth::Stopped("boom".into()));
        let s = reduce(s, Action::ReaderHeard);
        assert_eq!(s.reader, ReaderHealth::Stopped("boom".into()));
    }

    #[test]
    fn a_failed_start_is_kept_for_the_admin_until_the_next_load() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::LoadFailed("no demo".into()));
        assert_eq!(s.problem.as_deref(), Some("no demo"));
        let s = reduce(s, started(1));
        assert_eq!(s.problem, None);
    }

    /// The timeline of identity `key` in [`PAGE`].
    fn timeline_of(key: &str) -> Option<Timeline> {
        let mut s = Session::new();
        s.handle(Request::BeginFile {
            name: "page.json".into(),
            size: None,
        });
        s.push(PAGE.as_bytes());
        s.handle(Request::EndFile);
        s.handle(Request::EndBatch);
        provlens_core::timeline::timeline(s.log(), key)
    }

    #[test]
    fn a_links_identity_waits_for_files_that_hold_it_then_opens() {
        let view = ViewState {
            identity: Some("u2".into()),
            ..ViewState::default()
        };
        let s = Rc::new(State::new(Theme::System).with_view(view));
        assert_eq!(s.pending_identity.as_deref(), Some("u2"));
        // Files without it: nobody found, nothing shown, still waiting.
        let nobody = Story {
            about: About::Search("u2".into()),
            timeline: None,
        };
        let s = reduce(s, Action::Found(Box::new(nobody)));
        assert!(s.story.is_none());
        assert_eq!(s.pending_identity.as_deref(), Some("u2"));
        // Files with it: its timeline opens, and the link's wish is fulfilled.
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        let found = Story {
            about: About::Search("u2".into()),
            timeline: timeline_of("u2"),
        };
        assert!(found.timeline.is_some(), "precondition");
        let s = reduce(s, Action::Found(Box::new(found)));
        assert_eq!(
            s.story
                .as_ref()
                .and_then(|t| t.timeline.as_ref())
                .map(|t| t.identity.as_str()),
            Some("u2")
        );
        assert_eq!(s.pending_identity, None);
        // A selection or a search of the admin's own also ends the wait.
        let view = ViewState {
            identity: Some("u1".into()),
            ..ViewState::default()
        };
        let s = Rc::new(State::new(Theme::System).with_view(view));
        let s = reduce(s, Action::Search("adele".into()));
        assert_eq!(s.pending_identity, None);
    }

    #[test]
    fn a_raw_record_is_kept_only_for_the_selected_event() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::Loaded(Box::new(loaded(1, 1, &[PAGE]))));
        let s = reduce(
            s,
            Action::Select {
                index: 1,
                row: None,
            },
        );
        let raw = |index| RawRecord {
            index,
            text: "{}".into(),
            original: true,
            note: None,
            place: "page.json, line 1".into(),
        };
        let s = reduce(s, Action::Raw(Box::new(raw(0))));
        assert!(s.raw.is_none(), "another event's record is dropped");
        let s = reduce(s, Action::Raw(Box::new(raw(1))));
        assert_eq!(s.raw.as_ref().map(|r| r.index), Some(1));
    }
}
