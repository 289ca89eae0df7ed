//! The page's state and the one place it changes: a pure reducer (`Action` + `Reducible`,
//! as in Yew's `function_todomvc`). Loading, filtering, sorting and selecting are each a
//! named action; components only dispatch them, and rendering never mutates anything.

use std::rc::Rc;

use provlens_core::query::{Column, Query};
use provlens_core::{LoadedFile, Log, Status};
use yew::Reducible;

/// How far the load in flight has come, for the progress bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadProgress {
    /// The file being read.
    pub file: String,
    /// Its 1-based number in the batch.
    pub number: usize,
    /// Files in the batch.
    pub files: usize,
    /// Bytes read so far, all files of the batch.
    pub bytes: u64,
    /// Bytes to read, all files of the batch.
    pub total_bytes: u64,
    /// Events read so far, all files of the batch.
    pub events: u64,
}

/// Whether files are being read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing in flight: what is loaded (perhaps nothing) is shown.
    Idle,
    /// A batch of files is being read; the log shown is the one before it.
    Loading(LoadProgress),
}

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

/// Everything the page shows is derived from this.
#[derive(Clone, Debug)]
pub struct State {
    /// What is loaded. Replaced (never mutated) when more files arrive.
    pub log: Rc<Log>,
    /// Whether files are being read.
    pub phase: Phase,
    /// Search, filters and sort of the grid.
    pub query: Query,
    /// The selected event: an index into `log.events` (stable, the log only grows).
    pub selected: Option<u32>,
    /// The colour scheme.
    pub theme: Theme,
    /// A load that could not start (e.g. the demo files could not be fetched), for the admin.
    pub problem: Option<String>,
    /// The admin hid the health row derived from the logs (shown when no job status is
    /// loaded); a loaded job status is always shown.
    pub log_health_hidden: bool,
}

impl State {
    /// Nothing loaded, in the given theme.
    pub fn new(theme: Theme) -> Self {
        State {
            log: Rc::new(Log::new()),
            phase: Phase::Idle,
            query: Query::default(),
            selected: None,
            theme,
            problem: None,
            log_health_hidden: false,
        }
    }
}

/// One change of state.
pub enum Action {
    /// A batch of files starts loading.
    LoadStarted {
        /// Files in the batch.
        files: usize,
        /// Their total size.
        total_bytes: u64,
    },
    /// A slice more was read.
    LoadProgress(LoadProgress),
    /// The batch was read: add its files to the log (duplicates are merged by the log).
    FilesLoaded(Vec<LoadedFile>),
    /// The admin stopped the load; nothing of the batch is added.
    LoadCancelled,
    /// A load could not start; the sentence says why.
    LoadFailed(String),
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
    /// An event was selected (index into `log.events`), or the selection cleared.
    Select(Option<u32>),
    /// The admin chose a colour scheme.
    SetTheme(Theme),
    /// The admin hid the health row derived from the logs.
    HideLogHealth,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::LoadStarted { files, total_bytes } => {
                next.problem = None;
                next.phase = Phase::Loading(LoadProgress {
                    files,
                    total_bytes,
                    number: 1,
                    ..LoadProgress::default()
                });
            }
            Action::LoadProgress(progress) => next.phase = Phase::Loading(progress),
            Action::FilesLoaded(files) => {
                // One copy of the log per batch of dropped files keeps the state immutable;
                // every render in between shares it.
                let mut log = (*self.log).clone();
                for file in files {
                    log.add(file);
                }
                next.log = Rc::new(log);
                next.phase = Phase::Idle;
            }
            Action::LoadCancelled => next.phase = Phase::Idle,
            Action::LoadFailed(why) => {
                next.phase = Phase::Idle;
                next.problem = Some(why);
            }
            Action::DismissProblem => next.problem = None,
            Action::Search(text) => {
                // A new search asks about another object: the old selection would hide its
                // timeline.
                if text != next.query.search {
                    next.selected = None;
                }
                next.query.search = text;
            }
            Action::FilterStatus(status) => next.query.status = status,
            Action::FilterActivity(activity) => next.query.activity = activity,
            Action::SortBy(column) => next.query.sort = next.query.sort.clicked(column),
            Action::Select(event) => {
                next.selected = event.filter(|&i| (i as usize) < next.log.events.len())
            }
            Action::SetTheme(theme) => next.theme = theme,
            Action::HideLogHealth => next.log_health_hidden = true,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use provlens_core::query::Sort;
    use provlens_core::FileLoader;

    const PAGE: &str = r#"{"@odata.context":"x","value":[
        {"id":"e1","activityDateTime":"2026-10-05T06:01:33Z","provisioningAction":"create",
         "provisioningStatusInfo":{"status":"success"},
         "sourceIdentity":{"id":"u1","displayName":"Adele Vance"},"targetIdentity":{"id":"t1"}}
    ]}"#;

    fn file(name: &str, text: &str) -> LoadedFile {
        let mut loader = FileLoader::new(name, 0);
        loader.push(text.as_bytes());
        loader.finish()
    }

    fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    #[test]
    fn loading_a_batch_adds_its_files_and_ends_the_load() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(
            s,
            Action::LoadStarted {
                files: 1,
                total_bytes: 10,
            },
        );
        assert!(matches!(s.phase, Phase::Loading(_)));
        let s = reduce(s, Action::FilesLoaded(vec![file("a.json", PAGE)]));
        assert_eq!(s.phase, Phase::Idle);
        assert_eq!(s.log.files.len(), 1);
        assert_eq!(s.log.events.len(), 1);
    }

    #[test]
    fn the_same_download_twice_is_merged_as_duplicates() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::FilesLoaded(vec![file("a.json", PAGE)]));
        let s = reduce(s, Action::FilesLoaded(vec![file("b.json", PAGE)]));
        assert_eq!(s.log.files.len(), 2);
        assert_eq!(s.log.events.len(), 1);
        assert_eq!(s.log.duplicates(), 1);
    }

    #[test]
    fn a_cancelled_load_keeps_the_log_shown() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::FilesLoaded(vec![file("a.json", PAGE)]));
        let before = Rc::clone(&s.log);
        let s = reduce(
            s,
            Action::LoadStarted {
                files: 1,
                total_bytes: 10,
            },
        );
        let s = reduce(s, Action::LoadCancelled);
        assert_eq!(s.phase, Phase::Idle);
        assert!(Rc::ptr_eq(&before, &s.log));
    }

    #[test]
    fn clicking_a_header_twice_reverses_the_sort() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::SortBy(Column::Identity));
        assert_eq!(
            s.query.sort,
            Sort {
                column: Column::Identity,
                descending: false
            }
        );
        let s = reduce(s, Action::SortBy(Column::Identity));
        assert_eq!(
            s.query.sort,
            Sort {
                column: Column::Identity,
                descending: true
            }
        );
    }

    #[test]
    fn a_new_search_clears_the_selection_and_out_of_range_selections_are_refused() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::FilesLoaded(vec![file("a.json", PAGE)]));
        let s = reduce(s, Action::Select(Some(0)));
        assert_eq!(s.selected, Some(0));
        let s = reduce(s, Action::Search("adele".into()));
        assert_eq!(s.selected, None);
        let s = reduce(s, Action::Select(Some(7)));
        assert_eq!(s.selected, None);
    }

    #[test]
    fn a_failed_start_is_kept_for_the_admin_until_the_next_load() {
        let s = Rc::new(State::new(Theme::System));
        let s = reduce(s, Action::LoadFailed("no demo".into()));
        assert_eq!(s.problem.as_deref(), Some("no demo"));
        let s = reduce(
            s,
            Action::LoadStarted {
                files: 1,
                total_bytes: 1,
            },
        );
        assert_eq!(s.problem, None);
    }
}
