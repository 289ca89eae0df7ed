//! The only file and network I/O of the page. Dropped or picked files (and the bundled demo,
//! fetched from the site's own `demo/` folder) are read in 1 MiB slices, each awaited, so the
//! page repaints and the progress bar moves while a 600 MB download is read; every slice goes
//! straight into the core's incremental [`FileLoader`]. Nothing is sent anywhere.
//!
//! Batches are read one after another from a queue ([`Intake`]): a file dropped while another
//! batch loads waits its turn, so progress and the log's file order stay simple.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::Uint8Array;
use provlens_core::{FileLoader, LoadError, LoadedFile, Position};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, File, FileList, Response};
use yew::UseReducerDispatcher;

use crate::state::{Action, LoadProgress, State};

/// Bytes read per slice: big enough to be fast, small enough to repaint often.
const SLICE: f64 = 1024.0 * 1024.0;

/// Where the demo's file list lives, relative to the page (so any sub-path works).
const DEMO_INDEX: &str = "demo/index.json";

/// A file to read: its name and its bytes, still on disk or in the browser's blob store.
pub struct Source {
    /// The name shown to the admin.
    pub name: String,
    /// The bytes.
    pub blob: Blob,
}

impl From<File> for Source {
    fn from(file: File) -> Self {
        Source {
            name: file.name(),
            blob: file.into(),
        }
    }
}

/// The files of a drop or of the file picker, in the order the browser lists them.
pub fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The queue of batches waiting to be read, shared by the page's callbacks and the task
/// reading them.
#[derive(Default)]
pub struct Intake {
    queue: VecDeque<Vec<Source>>,
    running: bool,
    cancelled: bool,
    /// The log's file count once the batches read so far are added.
    files_loaded: u32,
}

/// The reducer's dispatcher: how the reading task reports.
pub type Dispatch = UseReducerDispatcher<State>;

/// Queues a batch of files and starts reading unless a batch is already being read.
pub fn load(intake: &Rc<RefCell<Intake>>, batch: Vec<Source>, dispatch: Dispatch) {
    if batch.is_empty() {
        return;
    }
    let start = {
        let mut i = intake.borrow_mut();
        i.queue.push_back(batch);
        !std::mem::replace(&mut i.running, true)
    };
    if start {
        spawn_local(drain(Rc::clone(intake), dispatch));
    }
}

/// Stops the batch being read (nothing of it is added) and drops the queued ones.
pub fn cancel(intake: &Rc<RefCell<Intake>>) {
    let mut i = intake.borrow_mut();
    i.queue.clear();
    if i.running {
        i.cancelled = true;
    }
}

/// Fetches the bundled demo logs (the site's own `demo/` folder) and loads them like a drop.
pub fn demo(intake: &Rc<RefCell<Intake>>, dispatch: Dispatch) {
    let intake = Rc::clone(intake);
    spawn_local(async move {
        match fetch_demo().await {
            Ok(sources) if sources.is_empty() => {
                dispatch.dispatch(Action::LoadFailed(format!(
                    "The demo has no files: {DEMO_INDEX} lists none."
                )));
            }
            Ok(sources) => load(&intake, sources, dispatch),
            Err(why) => dispatch.dispatch(Action::LoadFailed(format!(
                "The demo could not be loaded: {why}."
            ))),
        }
    });
}

/// Reads the queued batches until the queue is empty.
async fn drain(intake: Rc<RefCell<Intake>>, dispatch: Dispatch) {
    loop {
        let (batch, first) = {
            let mut i = intake.borrow_mut();
            i.cancelled = false;
            match i.queue.pop_front() {
                Some(batch) => (batch, i.files_loaded),
                None => {
                    i.running = false;
                    return;
                }
            }
        };
        match read_batch(&intake, &batch, first, &dispatch).await {
            Some(files) => {
                intake.borrow_mut().files_loaded += files.len() as u32;
                dispatch.dispatch(Action::FilesLoaded(files));
            }
            None => dispatch.dispatch(Action::LoadCancelled),
        }
    }
}

/// Reads every file of a batch; `None` when the admin cancelled. `first` is the log index the
/// batch's first file will take.
async fn read_batch(
    intake: &RefCell<Intake>,
    batch: &[Source],
    first: u32,
    dispatch: &Dispatch,
) -> Option<Vec<LoadedFile>> {
    let total_bytes = batch.iter().map(|s| s.blob.size() as u64).sum();
    dispatch.dispatch(Action::LoadStarted {
        files: batch.len(),
        total_bytes,
    });
    let mut progress = LoadProgress {
        files: batch.len(),
        total_bytes,
        ..LoadProgress::default()
    };
    let mut done = Vec::with_capacity(batch.len());
    let mut buf = Vec::new();
    for (n, source) in batch.iter().enumerate() {
        progress.file = source.name.clone();
        progress.number = n + 1;
        let (bytes_before, events_before) = (progress.bytes, progress.events);
        let mut loader = FileLoader::new(&source.name, first + n as u32);
        let size = source.blob.size();
        let mut at = 0.0;
        // Lines are counted only to place a read error for the admin.
        let mut line = 1;
        let mut failure = None;
        while at < size {
            if intake.borrow().cancelled {
                return None;
            }
            let end = (at + SLICE).min(size);
            if let Err(why) = read_slice(&source.blob, at, end, &mut buf).await {
                let place = Position {
                    byte: at as u64,
                    line,
                    record: None,
                };
                let message = format!("the browser could not read the file from here on ({why}); the rest was not loaded");
                failure = Some(LoadError::new(&source.name, place, message));
                break;
            }
            line += buf.iter().filter(|&&b| b == b'\n').count() as u64;
            loader.push(&buf);
            at = end;
            let read = loader.progress();
            progress.bytes = bytes_before + read.bytes;
            progress.events = events_before + read.events;
            dispatch.dispatch(Action::LoadProgress(progress.clone()));
        }
        if intake.borrow().cancelled {
            return None;
        }
        let mut file = loader.finish();
        if let Some(error) = failure {
            file.report.errors.insert(0, error);
        }
        progress.bytes = bytes_before + size as u64;
        progress.events = events_before + file.events.len() as u64;
        done.push(file);
    }
    Some(done)
}

/// Reads bytes `start..end` of `blob` into `buf`.
async fn read_slice(blob: &Blob, start: f64, end: f64, buf: &mut Vec<u8>) -> Result<(), String> {
    let part = blob.slice_with_f64_and_f64(start, end).map_err(describe)?;
    let bytes = JsFuture::from(part.array_buffer())
        .await
        .map_err(describe)?;
    let array = Uint8Array::new(&bytes);
    buf.resize(array.length() as usize, 0);
    array.copy_to(buf);
    Ok(())
}

/// The demo's files: `demo/index.json` lists their names; each is fetched as a blob.
async fn fetch_demo() -> Result<Vec<Source>, String> {
    let index = fetch(DEMO_INDEX).await?;
    let text = JsFuture::from(index.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    let text = text
        .as_string()
        .ok_or_else(|| format!("{DEMO_INDEX} is not text"))?;
    let names: Vec<String> = serde_json::from_str(&text)
        .map_err(|e| format!("{DEMO_INDEX} is not a JSON list of file names ({e})"))?;
    let mut sources = Vec::with_capacity(names.len());
    // Only plain file names inside demo/: the list cannot point the page anywhere else.
    for name in names
        .into_iter()
        .filter(|n| !n.is_empty() && !n.starts_with('.') && !n.contains(['/', '\\']))
    {
        let url = format!("demo/{}", js_sys::encode_uri_component(&name));
        let response = fetch(&url).await?;
        let blob = JsFuture::from(response.blob().map_err(describe)?)
            .await
            .map_err(describe)?;
        let blob = blob
            .dyn_into::<Blob>()
            .map_err(|_| format!("{url} did not return a file"))?;
        sources.push(Source { name, blob });
    }
    Ok(sources)
}

/// GETs a URL of the site itself; an HTTP error status is an error.
async fn fetch(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("the page has no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(describe)?;
    let response = response
        .dyn_into::<Response>()
        .map_err(|_| format!("{url}: not an HTTP response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(response)
}

/// A JavaScript error as a sentence fragment.
fn describe(value: JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "unknown error".to_string())
}
