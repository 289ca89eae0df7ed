//! The reader: the Web Worker that holds the log, so the page never blocks on it.
//!
//! It answers the page's [`Ask`]s with [`Answer`]s (see [`crate::protocol`]) through the
//! core's [`Session`]. A load's `File`s are parsed here, in 1 MiB slices read by the slicer
//! (a worker of the reader's own, see [`crate::slicer`]) while the slice before is parsed;
//! each slice is awaited, so between two the event loop takes the page's Cancel and its
//! queries; progress goes to the page at most every [`PROGRESS_EVERY_MS`]. Batches are read
//! one after another, in the order they came.
//!
//! Whatever the page (or anything else) posts, the reader answers: a message it cannot read
//! gets [`Answer::Failed`] and it carries on. A panic is told to the page
//! ([`Answer::Panicked`]) before the worker dies.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::Array;
use provlens_core::query::Query;
use provlens_core::raw::{self, ByteRange, Plan};
use provlens_core::session::{Request, Response, Session};
use provlens_core::timeline;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::{
    decode, encode, About, Answer, Ask, BatchProgress, Loaded, Matched, Pick, RowBlock, Selected,
    Span, Story,
};
use crate::slicer::{self, FileRead, Slicer};

/// The most time between two progress messages of a batch (and the least: no more are sent).
pub const PROGRESS_EVERY_MS: f64 = 100.0;

/// Starts the reader in this worker: answers every message from now on, and says `Ready`.
pub fn start() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        // Not in a dedicated worker: there is no page to answer.
        return;
    };
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        if let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() {
            // Nothing more can be done if even this fails.
            let _ = scope.post_message(&encode(0, &Answer::Panicked { message }).into());
        }
    }));
    let reader = Rc::new(RefCell::new(Reader::new(scope.clone())));
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        receive(&reader, e.data());
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker lives as long as its page wants it; so does its handler.
    onmessage.forget();
    warm_up();
    post(&scope, 0, &Answer::Ready);
}

/// How long the reader parses its own samples before it says it is ready.
const WARM_UP_MS: f64 = 60.0;

/// Parses a provisioning and an audit sample over and over for [`WARM_UP_MS`], results
/// dropped, so the browser compiles the parser's hot code to its optimised tier before a
/// file comes (a fresh wasm module runs its baseline code first): a 100 MB download dropped
/// a second after the page opened loaded in 0.93 s without it, 0.84 s with it. Messages that
/// come meanwhile wait; the page waits for `Ready` before it counts the reader as started.
fn warm_up() {
    const SAMPLES: [&[u8]; 2] = [
        include_bytes!("../crates/core/tests/fixtures/provisioning/portal-download-minified.json"),
        include_bytes!("../crates/core/tests/fixtures/audit/graph-page.json"),
    ];
    let started = js_sys::Date::now();
    while js_sys::Date::now() - started < WARM_UP_MS {
        for sample in SAMPLES {
            let mut loader = provlens_core::FileLoader::new("warm-up.json", 0);
            loader.push(sample);
            drop(loader.finish());
        }
    }
}

/// A batch waiting to be read.
struct Batch {
    /// The id of the request that brought it.
    id: u32,
    /// The page's number for it.
    batch: u32,
    /// Names and contents, in order.
    files: Vec<(String, Blob)>,
}

/// The reader's state.
struct Reader {
    scope: DedicatedWorkerGlobalScope,
    session: Session,
    /// The result's generation: one more whenever the query or the log changes.
    generation: u32,
    /// The current query (the session's), for the answers that repeat it.
    query: Query,
    /// The rows the page shows, as last told.
    view: Span,
    /// The event selected on the page, as last told.
    selected: Option<u32>,
    /// Batches waiting, in order.
    queue: VecDeque<Batch>,
    /// A batch is being read.
    running: bool,
    /// The page cancelled the batch being read.
    cancelled: bool,
    /// The files of the log, in its order (a file's index in the log is its place here):
    /// kept to read a record again for the Raw tab.
    files: Vec<Blob>,
    /// The worker reading files for this one, started with it (a new worker takes a tenth
    /// of a second to start: not at the drop); `None` when it could not start.
    slicer: Option<Rc<Slicer>>,
}

impl Reader {
    fn new(scope: DedicatedWorkerGlobalScope) -> Self {
        Reader {
            scope,
            session: Session::new(),
            generation: 0,
            query: Query::default(),
            view: Span {
                start: 0,
                count: 64,
            },
            selected: None,
            queue: VecDeque::new(),
            running: false,
            cancelled: false,
            files: Vec::new(),
            slicer: Slicer::start().map(Rc::new),
        }
    }

    fn post(&self, id: u32, answer: &Answer) {
        post(&self.scope, id, answer);
    }

    /// Makes `query` the current one (a new generation when it differs).
    fn set_query(&mut self, query: Query) {
        if query != self.query || self.generation == 0 {
            self.session.handle(Request::Query(query.clone()));
            self.query = query;
            self.generation += 1;
        }
    }

    /// The current result with the rows of `view` (and a block either side).
    fn matched(&self) -> Matched {
        let rows = self.rows(self.view.blocks());
        Matched {
            query: self.query.clone(),
            total: self.session.total(),
            of: self.session.log().events.len() as u32,
            rows,
            cursor: self.selected.and_then(|i| self.session.position(i)),
        }
    }

    fn rows(&self, span: Span) -> RowBlock {
        RowBlock {
            generation: self.generation,
            start: span.start,
            rows: self.session.rows(span.start, span.count),
        }
    }

    /// The timeline of the event with this index's identity.
    fn story_of_event(&self, index: u32) -> Option<Story> {
        let log = self.session.log();
        let event = log.events.get(index as usize)?;
        Some(Story {
            about: About::Event(index),
            timeline: timeline::timeline(log, event.identity_key()),
        })
    }

    /// The timeline of the identity a search finds (exact id first, newest among equals).
    fn story_of_search(&self, search: &str) -> Story {
        let log = self.session.log();
        Story {
            about: About::Search(search.to_string()),
            timeline: timeline::find_identity(log, search)
                .and_then(|key| timeline::timeline(log, &key)),
        }
    }

    /// The timeline the page shows now: the selected event's, else the search's.
    fn story(&self) -> Option<Story> {
        match self.selected {
            Some(index) => self.story_of_event(index),
            None if !self.query.search.trim().is_empty() => {
                Some(self.story_of_search(&self.query.search))
            }
            None => None,
        }
    }

    /// Answers a request for text (an export, a query) with [`Answer::Text`].
    fn text(&mut self, id: u32, request: Request) {
        match self.session.handle(request) {
            Some(Response::Text {
                file_name,
                media_type,
                text,
            }) => self.post(
                id,
                &Answer::Text {
                    file_name,
                    media_type,
                    text,
                },
            ),
            _ => self.post(
                id,
                &Answer::Failed {
                    message: "The reader could not write that out.".to_string(),
                },
            ),
        }
    }

    fn select(&mut self, pick: Pick) -> Result<Selected, String> {
        let (index, cursor, rows) = match pick {
            Pick::Event(index) => (index, self.session.position(index), None),
            Pick::Row(row) => {
                let index = self
                    .session
                    .rows(row, 1)
                    .first()
                    .map(|r| r.index)
                    .ok_or_else(|| format!("there is no row {row} in the current result"))?;
                let around = Span {
                    start: row,
                    count: 1,
                }
                .blocks();
                (index, Some(row), Some(self.rows(around)))
            }
        };
        let event = self
            .session
            .log()
            .events
            .get(index as usize)
            .cloned()
            .ok_or_else(|| format!("there is no event {index}"))?;
        let story = self.story_of_event(index).unwrap_or(Story {
            about: About::Event(index),
            timeline: None,
        });
        self.selected = Some(index);
        Ok(Selected {
            index,
            cursor,
            event,
            story,
            rows,
        })
    }
}

/// Posts one answer to the page.
fn post(scope: &DedicatedWorkerGlobalScope, id: u32, answer: &Answer) {
    // Posting a string cannot fail to clone; a closed page is nobody to tell.
    let _ = scope.post_message(&encode(id, answer).into());
}

/// The text of a message and the files beside it: a string, or `[text, blob, …]`.
fn unpack(data: &JsValue) -> Result<(String, Vec<Blob>), String> {
    if let Some(text) = data.as_string() {
        return Ok((text, Vec::new()));
    }
    let array = data
        .dyn_ref::<Array>()
        .ok_or("a message that is neither text nor a list")?;
    let text = array
        .get(0)
        .as_string()
        .ok_or("a list whose first item is not text")?;
    let blobs = (1..array.length())
        .map(|i| {
            array
                .get(i)
                .dyn_into::<Blob>()
                .map_err(|_| format!("a list whose item {i} is not a file"))
        })
        .collect::<Result<_, _>>()?;
    Ok((text, blobs))
}

/// Handles one message from the page.
fn receive(reader: &Rc<RefCell<Reader>>, data: JsValue) {
    let message = unpack(&data).and_then(|(text, blobs)| Ok((decode::<Ask>(&text)?, blobs)));
    let (envelope, blobs) = match message {
        Ok(m) => m,
        Err(why) => {
            let message = format!("The reader got a message it cannot read: {why}.");
            return reader.borrow().post(0, &Answer::Failed { message });
        }
    };
    let id = envelope.id;
    let mut r = reader.borrow_mut();
    match envelope.body {
        Ask::Load {
            batch,
            names,
            query,
            selected,
        } => {
            if names.len() != blobs.len() {
                let message = format!(
                    "The reader got a load of {} file names but {} files; nothing was read.",
                    names.len(),
                    blobs.len()
                );
                r.post(id, &Answer::Failed { message });
                return r.post(id, &Answer::Cancelled { batch });
            }
            r.set_query(query);
            r.selected = selected;
            let files = names.into_iter().zip(blobs).collect();
            r.queue.push_back(Batch { id, batch, files });
            if !std::mem::replace(&mut r.running, true) {
                spawn_local(drain(Rc::clone(reader)));
            }
        }
        Ask::Cancel => {
            if r.running {
                r.cancelled = true;
            }
            // The batch being read is not in the queue: it answers for itself.
            for b in std::mem::take(&mut r.queue) {
                r.post(b.id, &Answer::Cancelled { batch: b.batch });
            }
        }
        Ask::Query {
            query,
            view,
            selected,
        } => {
            r.view = view;
            r.selected = selected;
            r.set_query(query);
            let matched = r.matched();
            r.post(id, &Answer::Matched(Box::new(matched)));
        }
        Ask::Rows(span) => {
            r.view = span;
            let rows = r.rows(span);
            r.post(id, &Answer::Rows(rows));
        }
        Ask::Select(pick) => match r.select(pick) {
            Ok(selected) => r.post(id, &Answer::Selected(Box::new(selected))),
            Err(why) => r.post(
                id,
                &Answer::Failed {
                    message: format!("The reader could not select that event: {why}."),
                },
            ),
        },
        Ask::Find { search } => {
            r.selected = None;
            let story = r.story_of_search(&search);
            r.post(id, &Answer::Found(Box::new(story)));
        }
        Ask::Histogram => match r.session.handle(Request::Histogram) {
            Some(Response::Histogram(h)) => r.post(id, &Answer::Histogram(Box::new(h))),
            _ => r.post(
                id,
                &Answer::Failed {
                    message: "The reader could not draw the events over time.".to_string(),
                },
            ),
        },
        Ask::Export { format } => r.text(id, Request::Export { format }),
        Ask::Kql { table } => r.text(id, Request::Kql { table }),
        Ask::Raw { index } => match raw::plan(r.session.log(), index) {
            Some(Plan::Model(record)) => r.post(id, &Answer::Raw(record)),
            Some(Plan::Read { file, ranges }) => {
                let blob = r.files.get(file as usize).cloned();
                spawn_local(read_raw(Rc::clone(reader), id, index, blob, ranges));
            }
            None => r.post(
                id,
                &Answer::Failed {
                    message: format!("The reader has no event {index} to show."),
                },
            ),
        },
        Ask::Swimlane { max_lanes } => match r.session.handle(Request::Swimlane { max_lanes }) {
            Some(Response::Swimlane(s)) => r.post(id, &Answer::Swimlane(s)),
            _ => r.post(
                id,
                &Answer::Failed {
                    message: "The reader could not draw identities × cycles.".to_string(),
                },
            ),
        },
    }
}

/// Reads the queued batches until the queue is empty.
async fn drain(reader: Rc<RefCell<Reader>>) {
    loop {
        let batch = {
            let mut r = reader.borrow_mut();
            r.cancelled = false;
            let next = r.queue.pop_front();
            if next.is_none() {
                r.running = false;
            }
            next
        };
        let Some(batch) = batch else { return };
        let read = read_batch(&reader, &batch).await;
        let mut r = reader.borrow_mut();
        if read {
            // Each file of the batch took the next place in the log, refused ones too.
            r.files
                .extend(batch.files.iter().map(|(_, blob)| blob.clone()));
            // The end of a batch answers with the overview (made once: it joins the
            // identities, a tenth of a second on 100 MB of events).
            let overview = match r.session.handle(Request::EndBatch) {
                Some(Response::Loaded(overview)) => *overview,
                _ => r.session.overview(),
            };
            r.generation += 1;
            let loaded = Loaded {
                batch: batch.batch,
                overview,
                matched: r.matched(),
                story: r.story(),
            };
            r.post(batch.id, &Answer::Loaded(Box::new(loaded)));
            spawn_local(prepare_in_turns(reader.clone()));
        } else {
            r.session.handle(Request::Cancel);
            r.post(batch.id, &Answer::Cancelled { batch: batch.batch });
        }
    }
}

/// Makes the columns' sort orders ([`Session::prepare_next`]) one by one, letting the page's
/// requests in between (a million events: a tenth of a second per column, a second for the
/// reason column); stops when another batch is being read (its log will need its own).
async fn prepare_in_turns(reader: Rc<RefCell<Reader>>) {
    loop {
        let scope = reader.borrow().scope.clone();
        let turn = js_sys::Promise::new(&mut |resolve, _| {
            // A worker's timer does not fail to be set; if it did, the turn comes never.
            let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        // The promise only ever resolves.
        let _ = wasm_bindgen_futures::JsFuture::from(turn).await;
        let r = reader.borrow();
        if r.running || !r.session.prepare_next() {
            return;
        }
    }
}

/// Reads every file of a batch into the session; false when the page cancelled.
async fn read_batch(reader: &RefCell<Reader>, batch: &Batch) -> bool {
    let total_bytes = batch.files.iter().map(|(_, b)| b.size() as u64).sum();
    let mut progress = BatchProgress {
        batch: batch.batch,
        files: batch.files.len() as u32,
        total_bytes,
        ..BatchProgress::default()
    };
    let mut last_post = f64::NEG_INFINITY;
    let mut buf = Vec::new();
    let slicer = reader.borrow().slicer.clone();
    for (n, (name, blob)) in batch.files.iter().enumerate() {
        progress.file = name.clone();
        progress.number = n as u32 + 1;
        let (bytes_before, events_before) = (progress.bytes, progress.events);
        let size = blob.size();
        let begin = Request::BeginFile {
            name: name.clone(),
            size: Some(size as u64),
        };
        // A file too large for the tab is refused at once, its report saying so.
        let refused = reader.borrow_mut().session.handle(begin).is_some();
        let mut failure = None;
        let mut file = (!refused).then(|| FileRead::start(blob, slicer.as_deref()));
        while let Some(read) = file.as_mut() {
            if reader.borrow().cancelled {
                return false;
            }
            let at = read.at();
            match read.next(&mut buf).await {
                Ok(true) => {}
                Ok(false) => break,
                Err(why) => {
                    failure = Some((at as u64, why));
                    break;
                }
            }
            if reader.borrow().cancelled {
                return false;
            }
            let read = match reader.borrow_mut().session.push(&buf) {
                Some(Response::Progress(p)) => p,
                _ => break,
            };
            progress.bytes = bytes_before + read.bytes;
            progress.events = events_before + read.events;
            let now = js_sys::Date::now();
            if now - last_post >= PROGRESS_EVERY_MS {
                last_post = now;
                reader
                    .borrow()
                    .post(batch.id, &Answer::Progress(progress.clone()));
            }
        }
        drop(file);
        if !refused {
            let mut r = reader.borrow_mut();
            let done = match failure {
                Some((byte, why)) => r.session.unreadable(byte, &why),
                None => r.session.handle(Request::EndFile),
            };
            if let Some(Response::FileDone(report)) = done {
                progress.events = events_before + report.events;
            }
        }
        progress.bytes = bytes_before + size as u64;
    }
    if reader.borrow().cancelled {
        return false;
    }
    progress.indexing = true;
    reader.borrow().post(batch.id, &Answer::Progress(progress));
    true
}

/// Reads event `index`'s record again from its file (`ranges` of `blob`) and answers
/// [`Answer::Raw`]: the record as it is there, or its model saying why not.
async fn read_raw(
    reader: Rc<RefCell<Reader>>,
    id: u32,
    index: u32,
    blob: Option<Blob>,
    ranges: Vec<ByteRange>,
) {
    let mut parts = Vec::with_capacity(ranges.len());
    let mut failure = blob
        .is_none()
        .then(|| "the reader no longer has it".to_string());
    if let Some(blob) = blob {
        for range in ranges {
            let mut buf = Vec::new();
            let (start, end) = (range.offset as f64, (range.offset + range.len) as f64);
            if let Err(why) = slicer::read_slice(&blob, start, end, &mut buf).await {
                failure = Some(why);
                break;
            }
            parts.push(buf);
        }
    }
    let r = reader.borrow();
    let log = r.session.log();
    let record = match failure {
        Some(why) => raw::unread(log, index, &why),
        None => raw::from_file(log, index, &parts),
    };
    match record {
        Some(record) => r.post(id, &Answer::Raw(Box::new(record))),
        None => r.post(
            id,
            &Answer::Failed {
                message: format!("The reader has no event {index} to show."),
            },
        ),
    }
}

/// A JavaScript error as a sentence fragment.
pub fn describe(value: JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "unknown error".to_string())
}
