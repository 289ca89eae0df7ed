//! The page's side of the reader, the Web Worker that holds the log (see
//! `provlens::worker`). It starts the worker from `worker_loader.js` (a URL relative to the
//! page, so any sub-path works), posts the page's requests as JSON text, and turns the
//! answers into [`Action`]s for the reducer, dropping those a newer request has made stale.
//!
//! Dropped files are posted as the `File` objects themselves (structured clone: no byte is
//! read or copied here); the worker reads them. The page keeps the `File`s of every batch
//! that loaded, so when the worker stops (a panic, an error, memory) the admin can have the
//! same files read again by a fresh one while the page keeps showing what it had.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::{Rc, Weak};

use js_sys::Array;
use provlens::protocol::{decode, encode, Answer, Ask, Pick, Span, BLOCK};
use provlens_core::kql::KqlTable;
use provlens_core::query::{Query, Sort};
use provlens_core::session::ExportFormat;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::UseReducerDispatcher;

use crate::load::{describe, Source};
use crate::state::{Action, State};

/// The worker's start script (Trunk's loader shim for the `worker` binary), relative to the
/// page.
const WORKER_URL: &str = "worker_loader.js";

/// How long the reader may stay silent while requests wait before the page says so: it may
/// be busy with a large file, or it may have stopped without an error (closed, or ended by
/// the browser), which nothing else reports.
pub const SILENT_MS: f64 = 20_000.0;

/// How often the page looks at the reader's silence.
const WATCH_EVERY_MS: i32 = 2_000;

/// The reducer's dispatcher: how answers reach the page's state.
pub type Dispatch = UseReducerDispatcher<State>;

/// The reader, shared by the page's callbacks and the worker's message handlers.
pub type Handle = Rc<RefCell<Reader>>;

/// A worker started, with its handlers.
struct Running {
    worker: Worker,
    /// It said `Ready`; until then, messages wait in `waiting`.
    ready: bool,
    waiting: Vec<JsValue>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(ErrorEvent)>,
}

/// The page's side of the reader.
pub struct Reader {
    me: Weak<RefCell<Reader>>,
    dispatch: Dispatch,
    /// The worker, while it answers.
    worker: Option<Running>,
    /// A stopped worker's handlers (dropped at the next start, never while they run).
    retired: Option<Running>,
    next_id: u32,
    next_batch: u32,
    /// Files of the batches handed over and not yet loaded or cancelled.
    in_flight: BTreeMap<u32, Vec<Source>>,
    /// Files of the batches loaded, in order: what a fresh worker reads again.
    loaded: Vec<Source>,
    /// The last query asked: only its answer is shown.
    latest_query: u32,
    /// The last selection or search asked: only its answer is shown.
    latest_story: u32,
    /// The last histogram asked: only its answer is shown.
    latest_histogram: u32,
    /// The query (its sort aside) of the last histogram asked.
    histogram_of: Option<Query>,
    /// The last swimlane asked: only its answer is shown.
    latest_swimlane: u32,
    /// The last raw record asked: only its answer is shown.
    latest_raw: u32,
    /// Blocks of rows asked for and not answered yet, of generation `rows_generation`.
    rows_asked: BTreeSet<u32>,
    rows_generation: u32,
    /// The query and selection as last told to the worker.
    query: Query,
    selected: Option<u32>,
    /// Requests posted and not answered yet (every request but Cancel gets one last answer
    /// with its id).
    awaiting: BTreeSet<u32>,
    /// When the worker last spoke, or when a request started waiting on a quiet one.
    heard: f64,
    /// The page was told the reader is silent.
    silent: bool,
    /// The timer that watches the silence (cleared on drop).
    watch: Option<(i32, Closure<dyn FnMut()>)>,
}

/// Starts the reader (a worker) for a page whose state `dispatch` changes.
pub fn start(dispatch: Dispatch) -> Handle {
    let handle = Rc::new_cyclic(|me| {
        RefCell::new(Reader {
            me: me.clone(),
            dispatch,
            worker: None,
            retired: None,
            next_id: 0,
            next_batch: 0,
            in_flight: BTreeMap::new(),
            loaded: Vec::new(),
            latest_query: 0,
            latest_story: 0,
            latest_histogram: 0,
            histogram_of: None,
            latest_swimlane: 0,
            latest_raw: 0,
            rows_asked: BTreeSet::new(),
            rows_generation: 0,
            query: Query::default(),
            selected: None,
            awaiting: BTreeSet::new(),
            heard: 0.0,
            silent: false,
            watch: None,
        })
    });
    with(&handle, Reader::spawn);
    watch(&handle);
    handle
}

/// Looks at the reader's silence every [`WATCH_EVERY_MS`].
fn watch(handle: &Handle) {
    let me = Rc::downgrade(handle);
    let tick = Closure::<dyn FnMut()>::new(move || {
        if let Some(handle) = me.upgrade() {
            with(&handle, |r| {
                r.check(js_sys::Date::now()).into_iter().collect()
            });
        }
    });
    let id = web_sys::window().and_then(|w| {
        w.set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            WATCH_EVERY_MS,
        )
        .ok()
    });
    if let Some(id) = id {
        handle.borrow_mut().watch = Some((id, tick));
    }
}

/// Runs `f` on the reader, then dispatches the actions it returned (after the borrow ends:
/// a render may call back into the reader).
fn with(handle: &Handle, f: impl FnOnce(&mut Reader) -> Vec<Action>) {
    let (actions, dispatch) = {
        let mut reader = handle.borrow_mut();
        (f(&mut reader), reader.dispatch.clone())
    };
    for action in actions {
        dispatch.dispatch(action);
    }
}

/// Hands a batch of files to the reader (a fresh one first if it had stopped).
pub fn load(handle: &Handle, files: Vec<Source>) {
    if files.is_empty() {
        return;
    }
    with(handle, |r| {
        let mut actions = if r.worker.is_none() {
            r.restart()
        } else {
            Vec::new()
        };
        actions.extend(r.post_load(files));
        actions
    });
}

/// What a histogram counts of `query`: all of it but its sort.
fn counted(query: &Query) -> Query {
    Query {
        sort: Sort::default(),
        ..query.clone()
    }
}

/// Stops the batch being read and drops those waiting.
pub fn cancel(handle: &Handle) {
    with(handle, |r| r.ask(Ask::Cancel).err().into_iter().collect());
}

/// Starts a fresh reader and has it read every file loaded so far.
pub fn reload(handle: &Handle) {
    with(handle, Reader::restart);
}

/// Asks for the rows of `query` (bringing those of `view`), finding `selected` in them.
pub fn query(handle: &Handle, query: Query, view: Span, selected: Option<u32>) {
    with(handle, |r| {
        r.query = query.clone();
        r.selected = selected;
        let asked = r.ask(Ask::Query {
            query,
            view,
            selected,
        });
        match asked {
            Ok(id) => {
                r.latest_query = id;
                // The chart counts the result, whatever its order: a new sort of the same
                // rows needs no new chart (on a million events, a pass over all of them).
                if r.histogram_of.as_ref() == Some(&counted(&r.query)) {
                    Vec::new()
                } else {
                    r.ask_histogram().err().into_iter().collect()
                }
            }
            Err(action) => vec![action],
        }
    });
}

/// Asks for the current result written out (it is saved as a download when it comes).
pub fn export(handle: &Handle, format: ExportFormat) {
    with(handle, |r| {
        r.ask(Ask::Export { format }).err().into_iter().collect()
    });
}

/// Asks for the current query as a Log Analytics query (shown and copied when it comes).
pub fn kql(handle: &Handle, table: KqlTable) {
    with(handle, |r| {
        r.ask(Ask::Kql { table }).err().into_iter().collect()
    });
}

/// Asks for the blocks starting at `starts` of the result of `generation`, unless asked
/// already.
pub fn rows(handle: &Handle, generation: u32, starts: &[u32]) {
    with(handle, |r| {
        if generation != r.rows_generation {
            r.rows_generation = generation;
            r.rows_asked.clear();
        }
        let mut actions = Vec::new();
        let wanted: Vec<u32> = starts
            .iter()
            .copied()
            .filter(|s| !r.rows_asked.contains(s))
            .collect();
        // Neighbouring blocks go in one request.
        for span in runs(&wanted) {
            match r.ask(Ask::Rows(span)) {
                Ok(_) => r
                    .rows_asked
                    .extend((span.start..span.start + span.count).step_by(BLOCK as usize)),
                Err(action) => actions.push(action),
            }
        }
        actions
    });
}

/// Asks for an event and its identity's timeline.
pub fn select(handle: &Handle, pick: Pick) {
    with(handle, |r| {
        if let Pick::Event(i) = pick {
            r.selected = Some(i);
        }
        r.ask_latest(Ask::Select(pick), |r| &mut r.latest_story)
    });
}

/// Asks for the timeline of the identity a search finds.
pub fn find(handle: &Handle, search: String) {
    with(handle, |r| {
        r.selected = None;
        r.ask_latest(Ask::Find { search }, |r| &mut r.latest_story)
    });
}

/// Asks for identities × cycles of the current result, `max_lanes` identities at most.
pub fn swimlane(handle: &Handle, max_lanes: u32) {
    with(handle, |r| {
        r.ask_latest(Ask::Swimlane { max_lanes }, |r| &mut r.latest_swimlane)
    });
}

/// Asks for the record of the event with this index as it is in its file.
pub fn raw(handle: &Handle, index: u32) {
    with(handle, |r| {
        r.ask_latest(Ask::Raw { index }, |r| &mut r.latest_raw)
    });
}

/// Consecutive block starts as spans.
fn runs(starts: &[u32]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for &start in starts {
        match spans.last_mut() {
            Some(last) if last.start + last.count == start => last.count += BLOCK,
            _ => spans.push(Span {
                start,
                count: BLOCK,
            }),
        }
    }
    spans
}

impl Reader {
    /// Starts a worker; a browser that cannot is told to the admin.
    fn spawn(&mut self) -> Vec<Action> {
        self.retired = None;
        let worker = match Worker::new(WORKER_URL) {
            Ok(w) => w,
            Err(e) => {
                return vec![Action::ReaderStopped(format!(
                    "this browser could not start it ({})",
                    describe(e)
                ))]
            }
        };
        let (me, dispatch) = (self.me.clone(), self.dispatch.clone());
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(handle) = me.upgrade() {
                let actions = handle.borrow_mut().receive(e.data());
                for action in actions {
                    dispatch.dispatch(action);
                }
            }
        });
        let (me, dispatch) = (self.me.clone(), self.dispatch.clone());
        let onerror = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            // Handled here: not also an uncaught error of the page.
            e.prevent_default();
            let message = e.message();
            let why = if message.is_empty() {
                "it failed without saying why (it may have run out of memory)".to_string()
            } else {
                message
            };
            if let Some(handle) = me.upgrade() {
                let actions = handle.borrow_mut().stop(why);
                for action in actions {
                    dispatch.dispatch(action);
                }
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        self.worker = Some(Running {
            worker,
            ready: false,
            waiting: Vec::new(),
            _onmessage: onmessage,
            _onerror: onerror,
        });
        Vec::new()
    }

    /// A fresh worker reading every file loaded so far, as one batch.
    fn restart(&mut self) -> Vec<Action> {
        if let Some(old) = self.worker.take() {
            old.worker.terminate();
            self.retired = Some(old);
        }
        self.in_flight.clear();
        self.rows_asked.clear();
        self.awaiting.clear();
        self.silent = false;
        let mut actions = self.spawn();
        if self.worker.is_none() {
            return actions;
        }
        actions.push(Action::ReaderRestarted);
        let files = std::mem::take(&mut self.loaded);
        if !files.is_empty() {
            actions.extend(self.post_load(files));
        }
        actions
    }

    /// Says so when the worker has been silent for [`SILENT_MS`] while requests waited.
    fn check(&mut self, now: f64) -> Option<Action> {
        if self.silent || self.worker.is_none() || self.awaiting.is_empty() {
            return None;
        }
        let quiet = now - self.heard;
        (quiet >= SILENT_MS).then(|| {
            self.silent = true;
            Action::ReaderSilent((quiet / 1000.0) as u32)
        })
    }

    /// A request `id` now waits for its answer.
    fn awaits(&mut self, id: u32) {
        if self.awaiting.is_empty() {
            self.heard = js_sys::Date::now();
        }
        self.awaiting.insert(id);
    }

    /// The worker stopped: what is shown stays, the loads in flight are lost.
    fn stop(&mut self, why: String) -> Vec<Action> {
        self.awaiting.clear();
        self.silent = false;
        let Some(old) = self.worker.take() else {
            // Already stopped (a panic is followed by the error that ends the worker).
            return Vec::new();
        };
        old.worker.terminate();
        self.retired = Some(old);
        self.in_flight.clear();
        self.rows_asked.clear();
        vec![Action::ReaderStopped(why)]
    }

    /// Posts a batch; the answer to the page is that it started.
    fn post_load(&mut self, files: Vec<Source>) -> Vec<Action> {
        self.next_batch += 1;
        let batch = self.next_batch;
        let id = self.next_id();
        let ask = Ask::Load {
            batch,
            names: files.iter().map(|f| f.name.clone()).collect(),
            query: self.query.clone(),
            selected: self.selected,
        };
        let message = Array::of1(&encode(id, &ask).into());
        for file in &files {
            message.push(&file.blob);
        }
        let total_bytes = files.iter().map(|f| f.blob.size() as u64).sum();
        let started = Action::LoadStarted {
            batch,
            files: files.len() as u32,
            total_bytes,
        };
        self.in_flight.insert(batch, files);
        match self.post(message.into()) {
            Ok(()) => {
                self.awaits(id);
                vec![started]
            }
            Err(why) => {
                self.in_flight.remove(&batch);
                vec![Action::LoadFailed(format!(
                    "The files could not be handed to the reader: {why}."
                ))]
            }
        }
    }

    /// Asks for the histogram of the current result.
    fn ask_histogram(&mut self) -> Result<(), Action> {
        let id = self.ask(Ask::Histogram)?;
        self.latest_histogram = id;
        self.histogram_of = Some(counted(&self.query));
        Ok(())
    }

    fn next_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// Posts a request whose answer counts only while it is the latest of its kind: its id
    /// goes in `latest`.
    fn ask_latest(&mut self, ask: Ask, latest: fn(&mut Reader) -> &mut u32) -> Vec<Action> {
        match self.ask(ask) {
            Ok(id) => {
                *latest(self) = id;
                Vec::new()
            }
            Err(action) => vec![action],
        }
    }

    /// Posts a request; its id, or the action that tells the admin it could not be.
    fn ask(&mut self, ask: Ask) -> Result<u32, Action> {
        let id = self.next_id();
        let answered = !matches!(ask, Ask::Cancel);
        self.post(encode(id, &ask).into())
            .map(|()| {
                if answered {
                    self.awaits(id);
                }
                id
            })
            .map_err(|why| Action::ReaderProblem(format!("The reader could not be asked: {why}.")))
    }

    fn post(&mut self, message: JsValue) -> Result<(), String> {
        let running = self
            .worker
            .as_mut()
            .ok_or("it has stopped; reload the files first")?;
        if !running.ready {
            running.waiting.push(message);
            return Ok(());
        }
        running.worker.post_message(&message).map_err(describe)
    }

    /// An answer from the worker, as actions for the page.
    fn receive(&mut self, data: JsValue) -> Vec<Action> {
        self.heard = js_sys::Date::now();
        let mut actions = Vec::new();
        if std::mem::take(&mut self.silent) {
            actions.push(Action::ReaderHeard);
        }
        actions.extend(self.answer(data));
        actions
    }

    /// What a message of the worker means for the page.
    fn answer(&mut self, data: JsValue) -> Vec<Action> {
        let Some(text) = data.as_string() else {
            return vec![Action::ReaderProblem(
                "The reader sent something that is not a message.".to_string(),
            )];
        };
        let envelope = match decode::<Answer>(&text) {
            Ok(e) => e,
            Err(why) => {
                return vec![Action::ReaderProblem(format!(
                    "The reader's answer could not be read: {why}."
                ))]
            }
        };
        let id = envelope.id;
        if !matches!(envelope.body, Answer::Ready | Answer::Progress(_)) {
            self.awaiting.remove(&id);
        }
        match envelope.body {
            Answer::Ready => {
                let mut actions = vec![Action::ReaderReady];
                if let Some(running) = self.worker.as_mut() {
                    running.ready = true;
                    for message in std::mem::take(&mut running.waiting) {
                        if let Err(why) = running.worker.post_message(&message).map_err(describe) {
                            actions.push(Action::ReaderProblem(format!(
                                "The reader could not be asked: {why}."
                            )));
                        }
                    }
                }
                actions
            }
            Answer::Progress(p) => vec![Action::LoadProgress(p)],
            Answer::Loaded(loaded) => {
                if let Some(files) = self.in_flight.remove(&loaded.batch) {
                    self.loaded.extend(files);
                }
                self.rows_asked.clear();
                let mut actions = vec![Action::Loaded(loaded)];
                actions.extend(self.ask_histogram().err());
                actions
            }
            Answer::Cancelled { batch } => {
                self.in_flight.remove(&batch);
                vec![Action::LoadCancelled(batch)]
            }
            Answer::Matched(matched) if id == self.latest_query => {
                self.rows_asked.clear();
                vec![Action::Matched(matched)]
            }
            Answer::Matched(_) => Vec::new(),
            Answer::Rows(block) => {
                for start in
                    (block.start..block.start + block.rows.len() as u32).step_by(BLOCK as usize)
                {
                    self.rows_asked.remove(&start);
                }
                vec![Action::Rows(block)]
            }
            Answer::Selected(selected) if id == self.latest_story => {
                vec![Action::Selected(selected)]
            }
            Answer::Found(story) if id == self.latest_story => vec![Action::Found(story)],
            Answer::Selected(_) | Answer::Found(_) => Vec::new(),
            Answer::Histogram(h) if id == self.latest_histogram => vec![Action::Histogram(h)],
            Answer::Histogram(_) => Vec::new(),
            Answer::Text {
                file_name: Some(name),
                media_type,
                text,
            } => match crate::save::download(&name, &media_type, &text) {
                Ok(()) => Vec::new(),
                Err(why) => vec![Action::ReaderProblem(format!(
                    "The export could not be saved: {why}."
                ))],
            },
            Answer::Text {
                file_name: None,
                text,
                ..
            } => vec![Action::Kql(text)],
            Answer::Swimlane(s) if id == self.latest_swimlane => vec![Action::Swimlane(s)],
            Answer::Swimlane(_) => Vec::new(),
            Answer::Raw(record) if id == self.latest_raw => vec![Action::Raw(record)],
            Answer::Raw(_) => Vec::new(),
            Answer::Failed { message } => vec![Action::ReaderProblem(message)],
            Answer::Panicked { message } => self.stop(format!("it panicked: {message}")),
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let (Some((id, _)), Some(window)) = (&self.watch, web_sys::window()) {
            window.clear_interval_with_handle(*id);
        }
        if let Some(running) = &self.worker {
            running.worker.terminate();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_blocks_go_in_one_request() {
        let spans = runs(&[0, BLOCK, 2 * BLOCK, 5 * BLOCK]);
        assert_eq!(
            spans,
            vec![
                Span {
                    start: 0,
                    count: 3 * BLOCK
                },
                Span {
                    start: 5 * BLOCK,
                    count: BLOCK
                }
            ]
        );
        assert!(runs(&[]).is_empty());
    }
}
