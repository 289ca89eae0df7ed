//! A log being read and looked at: what a Web Worker holds so the page never blocks. The
//! page asks questions with a [`Request`] and gets a [`Response`]; both are plain data
//! (serde), so they cross a worker boundary as they are, and the same [`Session`] answers in
//! a native test. File bytes do not go through [`Request`]: the worker hands them to
//! [`Session::push`] directly (a transferred `ArrayBuffer`).
//!
//! The session keeps the current query's result (an index vector) so the grid can ask for
//! any window of rows without the page ever holding the events.

use serde::{Deserialize, Serialize};

use crate::event::{Event, Status};
use crate::load::{FileLoader, FileReport, Progress};
use crate::log::Log;
use crate::query::Query;
use crate::summary::Summary;
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
}

/// What the page shows of the whole log once a batch is in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// Every file's report.
    pub files: Vec<FileReport>,
    /// The cards.
    pub summary: Summary,
    /// Activities present, for the activity filter.
    pub activities: Vec<String>,
    /// Synchronization job statuses loaded.
    pub jobs: Vec<crate::job::JobStatus>,
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
    /// The identity's key (for the timeline).
    pub identity_key: String,
    /// Action or activity.
    pub activity: String,
    /// Outcome.
    pub status: Status,
    /// Error code and reason, or the deciding step's description.
    pub reason: String,
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
        }
    }

    fn matched(&self) -> Response {
        Response::Matched {
            total: self.rows.len() as u32,
            of: self.log.events.len() as u32,
        }
    }

    /// What the page shows of the whole log.
    pub fn overview(&self) -> Overview {
        // Sorted and distinct in one pass (a list searched per event was quadratic).
        let activities: std::collections::BTreeSet<&str> =
            self.log.events.iter().map(|e| &*e.activity).collect();
        let activities: Vec<String> = activities.into_iter().map(str::to_string).collect();
        Overview {
            files: self.log.files.clone(),
            summary: Summary::of(&self.log),
            activities,
            jobs: self.log.jobs.clone(),
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
                Row {
                    index: i,
                    id: e.id.to_string(),
                    time: e.time,
                    identity: e.identity_label().to_string(),
                    identity_key: identities.key_of(i).to_string(),
                    activity: e.activity.to_string(),
                    status: e.status,
                    reason: e.status_reason(),
                }
            })
            .collect()
    }
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
