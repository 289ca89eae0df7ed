//! A log being read and looked at: what a Web Worker holds so the page never blocks. The
//! page asks questions with a [`Request`] and gets a [`Response`]; both are plain data
//! (serde), so they cross a worker boundary as they are, and the same [`Session`] answers in
//! a native test. File bytes do not go through [`Request`]: the worker hands them to
//! [`Session::push`] directly (a transferred `ArrayBuffer`).
//!
//! The session keeps the current query's result (an index vector) so the grid can ask for
//! any window of rows without the page ever holding the events.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{LoadError, Position};
use crate::event::{Event, Held, Status};
use crate::export;
use crate::histogram::Histogram;
use crate::kql::{self, KqlTable};
use crate::load::{FileLoader, FileReport, Progress};
use crate::log::Log;
use crate::query::Query;
use crate::summary::Summary;
use crate::swimlane::Swimlane;
use crate::time::Timestamp;
use crate::timeline::{self, Timeline, Verdict};

/// A question from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Request {
    /// A file starts; its bytes follow through [`Session::push`]. With its size given, a
    /// file too large for the tab is refused at once: the answer is its
    /// [`Response::FileDone`] report, saying so, and its bytes need not be sent.
    BeginFile {
        /// The file's name.
        name: String,
        /// Its size in bytes (the browser `File`'s `size`), checked against
        /// [`crate::load::TAB_LIMIT_BYTES`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<u64>,
    },
    /// The file's last bytes were pushed.
    EndFile,
    /// The batch of files is complete: add them to the log.
    EndBatch,
    /// Stop the batch: files read so far in it are dropped.
    Cancel,
    /// Show events matching this query; answers [`Response::Matched`].
    Query(Query),
    /// Rows `start..start + count` of the current query's result.
    Rows {
        /// First row.
        start: u32,
        /// How many.
        count: u32,
    },
    /// One event, whole (for the details pane).
    Event {
        /// Its index in the log.
        index: u32,
    },
    /// The timeline of the identity this text finds (any identifier, or an identity key).
    Timeline {
        /// What to look for.
        identity: String,
    },
    /// Events over time, stacked by status, of the current result.
    Histogram,
    /// Identities × cycles of the current result, at most this many identities.
    Swimlane {
        /// Rows at most.
        max_lanes: u32,
    },
    /// The current result written out.
    Export {
        /// CSV or JSON.
        format: ExportFormat,
    },
    /// The current query as a Log Analytics query.
    Kql {
        /// Which table.
        table: KqlTable,
    },
}

/// How to write out events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// CSV, Excel-safe.
    Csv,
    /// A JSON array of events.
    Json,
}

/// An answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Response {
    /// How far the file being read has come.
    Progress(Progress),
    /// A file was read to the end.
    FileDone(FileReport),
    /// The batch was added: the whole log's state now.
    Loaded(Box<Overview>),
    /// The batch was cancelled; the log is as before it.
    Cancelled,
    /// The current query matches this many events.
    Matched {
        /// Rows matching.
        total: u32,
        /// Events in all.
        of: u32,
    },
    /// A window of rows.
    Rows {
        /// The first row's position.
        start: u32,
        /// The rows.
        rows: Vec<Row>,
    },
    /// One event.
    Event(Box<Event>),
    /// A timeline, or the not-found verdict.
    Timeline(Box<Result<Timeline, Verdict>>),
    /// The histogram of the current result.
    Histogram(Histogram),
    /// The swimlane of the current result.
    Swimlane(Box<Swimlane>),
    /// Text for the admin to keep: an export or a query.
    Text {
        /// A file name to save it under (none for a query to copy).
        file_name: Option<String>,
        /// Its media type.
        media_type: String,
        /// The text.
        text: String,
    },
}

/// What the page shows of the whole log once a batch is in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Every file's report.
    pub files: Vec<FileReport>,
    /// The cards.
    pub summary: Summary,
    /// Activities present, for the activity filter.
    pub activities: Vec<String>,
    /// Synchronization job statuses loaded.
    pub jobs: Vec<crate::job::JobStatus>,
    /// The apps the events name, most events first (ties by name).
    #[serde(default)]
    pub apps: Vec<String>,
    /// For each loaded job status's id, the app its events name (the first event's).
    #[serde(default)]
    pub job_apps: BTreeMap<String, String>,
    /// Values present, for the filters: job ids, source systems, target systems.
    #[serde(default)]
    pub facets: Facets,
}

/// The distinct values of the filterable fields, sorted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// Job ids.
    pub jobs: Vec<String>,
    /// Source systems.
    pub source_systems: Vec<String>,
    /// Target systems.
    pub target_systems: Vec<String>,
    /// How many distinct cycles (too many for a list: the filter takes text).
    pub cycles: u64,
}

/// One grid row: what the grid shows of an event, ready to render.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The event's index in the log.
    pub index: u32,
    /// The event's id in its file.
    pub id: String,
    /// When.
    pub time: Option<Timestamp>,
    /// UPN or name.
    pub identity: String,
    /// A display name to show beside it, when there is one that differs from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The identity's key (for the timeline).
    pub identity_key: String,
    /// Action or activity.
    pub activity: String,
    /// Outcome.
    pub status: Status,
    /// Error code and reason, or the deciding step's description.
    pub reason: String,
    /// The error code (or skip reason) alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The source system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_system: Option<String>,
    /// The target system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_system: Option<String>,
    /// The job id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<String>,
    /// The cycle id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycle: Option<String>,
    /// The change id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// How long the change took.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// The name of the file it came from.
    #[serde(default)]
    pub file: String,
}

/// The log and the state of a load and a query.
#[derive(Default)]
pub struct Session {
    log: Log,
    /// Files read in the current batch, not yet in the log.
    batch: Vec<crate::load::LoadedFile>,
    /// The file being read.
    reading: Option<FileLoader>,
    /// The current query and its result.
    query: Query,
    rows: Vec<u32>,
}

impl Session {
    /// An empty session.
    pub fn new() -> Self {
        Session::default()
    }

    /// The log as loaded so far.
    pub fn log(&self) -> &Log {
        &self.log
    }

    /// Feeds bytes of the file begun last; answers with the progress.
    pub fn push(&mut self, bytes: &[u8]) -> Option<Response> {
        let loader = self.reading.as_mut()?;
        loader.push(bytes);
        Some(Response::Progress(loader.progress()))
    }

    /// Answers one request.
    pub fn handle(&mut self, request: Request) -> Option<Response> {
        match request {
            Request::BeginFile { name, size } => {
                let index = (self.log.files.len() + self.batch.len()) as u32;
                let mut loader = FileLoader::new(&name, index);
                if size.is_some_and(|size| !loader.declare_size(size)) {
                    // Refused before a byte: the file is done, and says why.
                    self.reading = None;
                    let loaded = loader.finish();
                    let report = loaded.report.clone();
                    self.batch.push(loaded);
                    return Some(Response::FileDone(report));
                }
                self.reading = Some(loader);
                None
            }
            Request::EndFile => {
                let loaded = self.reading.take()?.finish();
                let report = loaded.report.clone();
                self.batch.push(loaded);
                Some(Response::FileDone(report))
            }
            Request::EndBatch => {
                for file in std::mem::take(&mut self.batch) {
                    self.log.add(file);
                }
                // The columns' orders are made by [`Session::prepare`], after the page has
                // its answer.
                self.rows = self.query.run(&self.log);
                Some(Response::Loaded(Box::new(self.overview())))
            }
            Request::Cancel => {
                self.reading = None;
                self.batch.clear();
                Some(Response::Cancelled)
            }
            Request::Query(query) => {
                self.rows = query.run(&self.log);
                self.query = query;
                Some(self.matched())
            }
            Request::Rows { start, count } => Some(Response::Rows {
                start,
                rows: self.rows(start, count),
            }),
            Request::Event { index } => self
                .log
                .events
                .get(index as usize)
                .map(|e| Response::Event(Box::new(e.clone()))),
            Request::Timeline { identity } => {
                let found = timeline::timeline(&self.log, &identity).or_else(|| {
                    timeline::find_identity(&self.log, &identity)
                        .and_then(|key| timeline::timeline(&self.log, &key))
                });
                Some(Response::Timeline(Box::new(
                    found.ok_or_else(|| Verdict::not_found(&identity)),
                )))
            }
            Request::Histogram => Some(Response::Histogram(Histogram::of_log(
                &self.log, &self.rows,
            ))),
            Request::Swimlane { max_lanes } => Some(Response::Swimlane(Box::new(Swimlane::of(
                &self.log,
                &self.rows,
                max_lanes as usize,
            )))),
            Request::Export { format } => Some(match format {
                ExportFormat::Csv => Response::Text {
                    file_name: Some("provlens-events.csv".to_string()),
                    media_type: "text/csv;charset=utf-8".to_string(),
                    text: export::csv(&self.log, &self.rows),
                },
                ExportFormat::Json => Response::Text {
                    file_name: Some("provlens-events.json".to_string()),
                    media_type: "application/json".to_string(),
                    text: export::json(&self.log, &self.rows),
                },
            }),
            Request::Kql { table } => Some(Response::Text {
                file_name: None,
                media_type: "text/plain".to_string(),
                text: kql::kql(&self.query, table),
            }),
        }
    }

    fn matched(&self) -> Response {
        Response::Matched {
            total: self.total(),
            of: self.log.events.len() as u32,
        }
    }

    /// Rows the current query matches.
    pub fn total(&self) -> u32 {
        self.rows.len() as u32
    }

    /// Where the event with this index is in the current result, if it matches.
    pub fn position(&self, index: u32) -> Option<u32> {
        self.rows.iter().position(|&i| i == index).map(|p| p as u32)
    }

    /// Ends the file being read early: the browser could not read it past byte `byte`
    /// (`why` says what it answered), on the line the text read so far ends on. What was
    /// read is kept, and this error comes first in its report; the answer is the file's
    /// [`Response::FileDone`].
    pub fn unreadable(&mut self, byte: u64, why: &str) -> Option<Response> {
        let reading = self.reading.take()?;
        let at = Position {
            byte,
            line: reading.line(),
            record: None,
        };
        let mut loaded = reading.finish();
        let name = loaded.report.name.clone();
        let message = format!(
            "the browser could not read the file from here on ({why}); the rest was not loaded"
        );
        loaded
            .report
            .errors
            .insert(0, LoadError::new(&name, at, message));
        let report = loaded.report.clone();
        self.batch.push(loaded);
        Some(Response::FileDone(report))
    }

    /// Makes every column's ascending order now, rather than on a first header click (a
    /// tenth of a second per column on a million events in the browser, a second for the
    /// reason column). The reader calls it once the page has the answer to
    /// [`Request::EndBatch`], so the load ends on the page without waiting for it.
    pub fn prepare(&self) {
        self.log.index().prepare(&self.log.events);
    }

    /// One column's order of [`Session::prepare`]; true while some remain. The reader
    /// makes them one at a time between the page's requests, so a header clicked right
    /// after a load waits for one column at most, not for all of them.
    pub fn prepare_next(&self) -> bool {
        self.log.index().prepare_next(&self.log.events)
    }

    /// What the page shows of the whole log.
    pub fn overview(&self) -> Overview {
        // Distinct by address first (activities are shared strings: a few, however many
        // events), then by text, sorted (a list searched per event was quadratic; a sorted
        // set of every event's text, a tenth of the overview).
        let mut places = std::collections::HashSet::new();
        let activities: std::collections::BTreeSet<&str> = self
            .log
            .events
            .iter()
            .filter(|e| places.insert(Held(&e.activity)))
            .map(|e| &*e.activity)
            .collect();
        let activities: Vec<String> = activities.into_iter().map(str::to_string).collect();
        Overview {
            files: self.log.files.clone(),
            summary: Summary::of(&self.log),
            activities,
            jobs: self.log.jobs.clone(),
            apps: apps(&self.log),
            job_apps: job_apps(&self.log),
            facets: facets(&self.log),
        }
    }

    /// Rows `start..start + count` of the current result.
    pub fn rows(&self, start: u32, count: u32) -> Vec<Row> {
        let identities = self.log.identities();
        let from = (start as usize).min(self.rows.len());
        let to = from.saturating_add(count as usize).min(self.rows.len());
        self.rows[from..to]
            .iter()
            .map(|&i| {
                let e = &self.log.events[i as usize];
                let identity = e.identity_label();
                let name = [&e.source.display_name, &e.target.display_name]
                    .into_iter()
                    .flatten()
                    .map(|n| &**n)
                    .find(|n| !n.is_empty() && *n != identity);
                Row {
                    index: i,
                    id: e.id.to_string(),
                    time: e.time,
                    identity: identity.to_string(),
                    name: name.map(str::to_string),
                    identity_key: identities.key_of(i).to_string(),
                    activity: e.activity.to_string(),
                    status: e.status,
                    reason: e.status_reason(),
                    error_code: e.error_code.as_deref().map(str::to_string),
                    source_system: e.source_system.as_deref().map(str::to_string),
                    target_system: e.target_system.as_deref().map(str::to_string),
                    job: e.job_id.as_deref().map(str::to_string),
                    cycle: e.cycle_id.as_deref().map(str::to_string),
                    change: e.change_id.as_deref().map(str::to_string),
                    duration_ms: e.duration_ms,
                    file: self
                        .log
                        .files
                        .get(e.file as usize)
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                }
            })
            .collect()
    }
}

/// The distinct values of the filterable fields.
fn facets(log: &Log) -> Facets {
    let mut jobs = std::collections::BTreeSet::new();
    let mut sources = std::collections::BTreeSet::new();
    let mut targets = std::collections::BTreeSet::new();
    let mut cycles = HashSet::new();
    for e in &log.events {
        jobs.extend(e.job_id.as_deref());
        sources.extend(e.source_system.as_deref());
        targets.extend(e.target_system.as_deref());
        cycles.extend(e.cycle_id.as_deref());
    }
    let owned =
        |set: std::collections::BTreeSet<&str>| set.into_iter().map(str::to_string).collect();
    Facets {
        jobs: owned(jobs),
        source_systems: owned(sources),
        target_systems: owned(targets),
        cycles: cycles.len() as u64,
    }
}

/// The apps the events name, most events first (ties by name).
fn apps(log: &Log) -> Vec<String> {
    let mut by_app: HashMap<&str, u64> = HashMap::new();
    for app in log.events.iter().filter_map(|e| e.app.as_deref()) {
        if !app.is_empty() {
            *by_app.entry(app).or_default() += 1;
        }
    }
    let mut apps: Vec<(&str, u64)> = by_app.into_iter().collect();
    apps.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    apps.into_iter().map(|(app, _)| app.to_string()).collect()
}

/// The app each loaded job status's events name (the first such event's), by job id.
fn job_apps(log: &Log) -> BTreeMap<String, String> {
    let jobs: HashSet<&str> = log.jobs.iter().map(|j| &*j.id).collect();
    let mut names = BTreeMap::new();
    for e in &log.events {
        if names.len() == jobs.len() {
            break;
        }
        if let (Some(job), Some(app)) = (e.job_id.as_deref(), e.app.as_deref()) {
            if jobs.contains(job) && !names.contains_key(job) {
                names.insert(job.to_string(), app.to_string());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = include_str!("../tests/fixtures/provisioning/overlap-page1.json");

    fn loaded() -> Session {
        let mut s = Session::new();
        s.handle(Request::BeginFile {
            name: "page.json".into(),
            size: Some(PAGE.len() as u64),
        });
        for part in PAGE.as_bytes().chunks(100) {
            assert!(matches!(s.push(part), Some(Response::Progress(_))));
        }
        assert!(matches!(s.handle(Request::EndFile), Some(Response::FileDone(r)) if r.events == 2));
        match s.handle(Request::EndBatch) {
            Some(Response::Loaded(o)) => assert_eq!(o.summary.events, 2),
            other => panic!("{other:?}"),
        }
        s
    }

    #[test]
    fn a_batch_loads_then_rows_come_in_the_query_order() {
        let mut s = loaded();
        assert_eq!(
            s.handle(Request::Query(Query::default())),
            Some(Response::Matched { total: 2, of: 2 })
        );
        let Some(Response::Rows { rows, .. }) = s.handle(Request::Rows {
            start: 0,
            count: 50,
        }) else {
            panic!("rows")
        };
        // Newest first: the 2019-06 failure, then the 2019-05 success.
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].status, Status::Failure);
        assert_eq!(rows[1].status, Status::Success);
        let Some(Response::Rows { rows, .. }) = s.handle(Request::Rows {
            start: 1,
            count: 50,
        }) else {
            panic!("rows")
        };
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn a_search_narrows_and_a_timeline_or_not_found_answers() {
        let mut s = loaded();
        let q = Query {
            search: "self-service".into(),
            ..Query::default()
        };
        assert_eq!(
            s.handle(Request::Query(q)),
            Some(Response::Matched { total: 1, of: 2 })
        );
        match s.handle(Request::Timeline {
            identity: "Self-Service".into(),
        }) {
            Some(Response::Timeline(t)) => assert!(t.is_ok()),
            other => panic!("{other:?}"),
        }
        match s.handle(Request::Timeline {
            identity: "nobody".into(),
        }) {
            Some(Response::Timeline(t)) => assert!(t.is_err()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_answer_survives_the_trip_across_the_worker_boundary() {
        let mut s = loaded();
        let requests = [
            Request::Query(Query::default()),
            Request::Rows {
                start: 0,
                count: 10,
            },
            Request::Event { index: 1 },
            Request::Timeline {
                identity: "self-service".into(),
            },
            Request::Timeline {
                identity: "nobody".into(),
            },
            Request::EndBatch,
        ];
        for request in requests {
            let text = serde_json::to_string(&request).expect("request as JSON");
            assert_eq!(
                serde_json::from_str::<Request>(&text).expect("request back"),
                request
            );
            let response = s.handle(request).expect("an answer");
            let text = serde_json::to_string(&response).expect("response as JSON");
            let back: Response = serde_json::from_str(&text).expect("response back");
            assert_eq!(back, response, "{text}");
        }
    }

    #[test]
    fn the_position_of_an_event_follows_the_query() {
        let mut s = loaded();
        s.handle(Request::Query(Query::default()));
        assert_eq!(s.total(), 2);
        let first = s.rows(0, 1)[0].index;
        assert_eq!(s.position(first), Some(0));
        let q = Query {
            status: Some(Status::Success),
            ..Query::default()
        };
        s.handle(Request::Query(q));
        assert_eq!(s.total(), 1);
        // The newest event (a failure) no longer matches; the success is now first.
        assert_eq!(s.position(first), None);
        assert_eq!(s.position(s.rows(0, 1)[0].index), Some(0));
    }

    #[test]
    fn rows_carry_a_display_name_that_differs_from_the_label() {
        let s = loaded();
        for row in s.rows(0, 10) {
            assert_ne!(row.name.as_deref(), Some(row.identity.as_str()));
            assert!(row.name.as_deref().is_none_or(|n| !n.is_empty()));
        }
    }

    #[test]
    fn an_unreadable_file_keeps_what_was_read_and_says_where_it_stopped() {
        let mut s = Session::new();
        s.handle(Request::BeginFile {
            name: "cut.json".into(),
            size: None,
        });
        s.push(PAGE.as_bytes());
        let at = Position {
            byte: PAGE.len() as u64,
            line: PAGE.lines().count() as u64,
            record: None,
        };
        let Some(Response::FileDone(report)) = s.unreadable(at.byte, "NotReadableError") else {
            panic!("a report")
        };
        assert_eq!(report.events, 2, "what was read stays");
        let first = report.first_error().expect("the read error");
        assert_eq!(first.position, at);
        assert!(first.message.contains("NotReadableError"), "{first}");
        assert!(
            s.unreadable(at.byte, "again").is_none(),
            "no file is being read"
        );
        let Some(Response::Loaded(o)) = s.handle(Request::EndBatch) else {
            panic!("loaded")
        };
        assert_eq!(o.summary.events, 2);
    }

    #[test]
    fn the_overview_names_the_apps_and_the_app_of_each_loaded_job() {
        let job = include_str!("../tests/fixtures/sync-job/active-steady-state.json").replace(
            "DropboxSCIMOutDelta.5611623b9128461e9d7fa0d9c270ead2.d6163622-bdf8-4b26-976f-7d573c638e2a",
            "aws.74beb1753b704b63b8d56f0b76082b16.10a7a801-7101-4c69-ae00-ce9f75f8460a",
        );
        let mut s = loaded();
        let before = s.overview();
        assert!(!before.apps.is_empty(), "the events name their apps");
        assert!(before.job_apps.is_empty(), "no job status loaded");
        s.handle(Request::BeginFile {
            name: "job.json".into(),
            size: None,
        });
        s.push(job.as_bytes());
        s.handle(Request::EndFile);
        let Some(Response::Loaded(o)) = s.handle(Request::EndBatch) else {
            panic!("loaded")
        };
        assert_eq!(o.jobs.len(), 1);
        let app = o.job_apps.get(&*o.jobs[0].id).expect("the job's app");
        assert!(o.apps.contains(app), "{app} is one of {:?}", o.apps);
    }

    #[test]
    fn the_views_of_the_current_result_answer() {
        let mut s = loaded();
        let q = Query {
            status: Some(Status::Failure),
            ..Query::default()
        };
        s.handle(Request::Query(q));
        match s.handle(Request::Histogram) {
            Some(Response::Histogram(h)) => assert_eq!(h.total(Status::Failure), 1),
            other => panic!("{other:?}"),
        }
        match s.handle(Request::Swimlane { max_lanes: 10 }) {
            Some(Response::Swimlane(lane)) => assert_eq!(lane.lanes.len(), 1),
            other => panic!("{other:?}"),
        }
        match s.handle(Request::Export {
            format: ExportFormat::Csv,
        }) {
            Some(Response::Text {
                file_name, text, ..
            }) => {
                assert_eq!(file_name.as_deref(), Some("provlens-events.csv"));
                assert_eq!(text.lines().count(), 2, "a header and the one failure");
            }
            other => panic!("{other:?}"),
        }
        match s.handle(Request::Kql {
            table: KqlTable::Provisioning,
        }) {
            Some(Response::Text {
                file_name: None,
                text,
                ..
            }) => assert!(text.contains("ResultType =~ \"Failure\"")),
            other => panic!("{other:?}"),
        }
        let Some(Response::Rows { rows, .. }) = s.handle(Request::Rows { start: 0, count: 1 })
        else {
            panic!("rows")
        };
        assert_eq!(rows[0].error_code.as_deref(), Some("ContosoEntryConflict"));
        assert_eq!(rows[0].file, "page.json");
        assert_eq!(
            s.overview().facets.target_systems,
            ["Azure Active Directory", "Contoso"]
        );
    }

    #[test]
    fn cancel_drops_the_batch_and_keeps_the_log() {
        let mut s = loaded();
        s.handle(Request::BeginFile {
            name: "more.json".into(),
            size: None,
        });
        s.push(PAGE.as_bytes());
        assert_eq!(s.handle(Request::Cancel), Some(Response::Cancelled));
        assert_eq!(s.log().events.len(), 2);
        assert!(s.push(b"[").is_none());
    }
}
