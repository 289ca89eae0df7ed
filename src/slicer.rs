//! Reading a dropped file's bytes for the reader, slice after slice, on another thread.
//!
//! A browser reads a `Blob` slice through the thread that asks for it, so slices the reader
//! asked for itself were read only while it was not parsing: on 100 MB of 1 MiB slices the
//! reads added ~230 ms to the parsing, one slice asked for ahead or four. The reader starts a
//! small worker of its own, the slicer (`static/slicer.js`), which reads [`AHEAD`] slices
//! ahead and sends each one over (transferred, not copied); the reader takes one, says so,
//! and parses it while the slicer reads the next (~25 ms added on the same 100 MB).
//!
//! Where the slicer cannot start (no nested workers, its script missing), the reader reads
//! the slices itself as before: [`FileRead`] is either.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ErrorEvent, Event, MessageEvent, Worker};

use crate::worker::describe;

/// Bytes read per slice: big enough to be fast, small enough to answer the page often.
pub const SLICE: f64 = 1024.0 * 1024.0;

/// Slices the slicer reads ahead of the one the reader parses: what a file read can hold in
/// the reader's queue at most.
const AHEAD: u32 = 4;

/// The slicer's script, beside the reader's own (see index.html).
const SCRIPT: &str = "./slicer.js";

/// What the slicer sent.
enum Delivery {
    /// The slice of reading `read` ending at byte `end`.
    Slice {
        read: u32,
        end: f64,
        bytes: ArrayBuffer,
    },
    /// Reading `read` stopped: the browser could not read the file on.
    Failed { read: u32, why: String },
    /// The slicer itself failed (its script did not load, or it threw).
    Broken(String),
}

/// Deliveries not taken yet, and the reader waiting for one.
#[derive(Default)]
struct Inbox {
    deliveries: VecDeque<Delivery>,
    waiting: Option<js_sys::Function>,
}

impl Inbox {
    fn deliver(inbox: &RefCell<Inbox>, delivery: Delivery) {
        let waiting = {
            let mut inbox = inbox.borrow_mut();
            inbox.deliveries.push_back(delivery);
            inbox.waiting.take()
        };
        if let Some(wake) = waiting {
            // Waking a promise's resolve cannot fail in a way the reader could act on.
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

/// The slicer worker.
pub struct Slicer {
    worker: Worker,
    inbox: Rc<RefCell<Inbox>>,
    /// The number of the latest reading (0: none yet).
    read: Cell<u32>,
    /// It failed once: files are read by the reader itself from then on.
    broken: Cell<bool>,
    // Kept alive as long as the worker.
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(Event)>,
}

impl Slicer {
    /// Starts the slicer; `None` where this browser cannot start a worker from a worker.
    pub fn start() -> Option<Slicer> {
        let worker = Worker::new(SCRIPT).ok()?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let to = inbox.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            Inbox::deliver(&to, delivery(&e.data()));
        });
        let to = inbox.clone();
        // A script that did not load fires a plain `Event`; an exception, an `ErrorEvent`.
        let onerror = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            let why = e
                .dyn_ref::<ErrorEvent>()
                .map(ErrorEvent::message)
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "the slicer worker did not start".to_string());
            Inbox::deliver(&to, Delivery::Broken(why));
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Some(Slicer {
            worker,
            inbox,
            read: Cell::new(0),
            broken: Cell::new(false),
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    fn post(&self, fields: &[(&str, &JsValue)]) -> bool {
        let message = Object::new();
        for (key, value) in fields {
            // Setting a property of a fresh plain object does not fail.
            let _ = Reflect::set(&message, &JsValue::from_str(key), value);
        }
        self.worker.post_message(&message).is_ok()
    }

    /// The next delivery, waited for.
    async fn delivery(&self) -> Delivery {
        loop {
            if let Some(d) = self.inbox.borrow_mut().deliveries.pop_front() {
                return d;
            }
            let inbox = self.inbox.clone();
            let wake = js_sys::Promise::new(&mut |resolve, _| {
                inbox.borrow_mut().waiting = Some(resolve);
            });
            // The promise only ever resolves.
            let _ = JsFuture::from(wake).await;
        }
    }
}

impl Drop for Slicer {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Reads a message of the slicer.
fn delivery(data: &JsValue) -> Delivery {
    let get = |key: &str| Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let read = get("read").as_f64().unwrap_or(0.0) as u32;
    if let Some(why) = get("error").as_string() {
        return Delivery::Failed { read, why };
    }
    match (get("end").as_f64(), get("bytes").dyn_into::<ArrayBuffer>()) {
        (Some(end), Ok(bytes)) => Delivery::Slice { read, end, bytes },
        _ => Delivery::Broken("the slicer sent a message the reader cannot read".to_string()),
    }
}

/// One file being read from `at` on, through the slicer or by the reader itself.
pub struct FileRead<'s> {
    blob: Blob,
    size: f64,
    /// Where the next slice starts.
    at: f64,
    how: How<'s>,
}

enum How<'s> {
    /// The slicer reads, under reading number `read`.
    Slicer { slicer: &'s Slicer, read: u32 },
    /// The reader reads, one slice asked for ahead.
    Itself { next: Option<SliceRead> },
}

impl<'s> FileRead<'s> {
    /// Starts reading `blob` (of `size` bytes) through `slicer`, or by the reader itself when
    /// there is none or it failed before.
    pub fn start(blob: &Blob, slicer: Option<&'s Slicer>) -> FileRead<'s> {
        let size = blob.size();
        let mut file = FileRead {
            blob: blob.clone(),
            size,
            at: 0.0,
            how: How::Itself { next: None },
        };
        match slicer.filter(|s| !s.broken.get()) {
            Some(slicer) => {
                let read = slicer.read.get() + 1;
                slicer.read.set(read);
                let posted = slicer.post(&[
                    ("read", &read.into()),
                    ("blob", blob.as_ref()),
                    ("start", &0.into()),
                    ("slice", &SLICE.into()),
                    ("credits", &AHEAD.into()),
                ]);
                if posted {
                    file.how = How::Slicer { slicer, read };
                } else {
                    slicer.broken.set(true);
                    file.read_itself();
                }
            }
            None => file.read_itself(),
        }
        file
    }

    /// From here on the reader reads the slices itself.
    fn read_itself(&mut self) {
        let next = (self.at < self.size).then(|| start_read(&self.blob, self.at, self.size));
        self.how = How::Itself { next };
    }

    /// Where the next slice starts (the bytes before it were read).
    pub fn at(&self) -> f64 {
        self.at
    }

    /// The next slice into `buf`: `Ok(false)` at the end of the file, an error when the
    /// browser could not read on.
    pub async fn next(&mut self, buf: &mut Vec<u8>) -> Result<bool, String> {
        loop {
            match &mut self.how {
                How::Itself { next } => {
                    let Some(slice) = next.take() else {
                        return Ok(false);
                    };
                    let end = slice.end;
                    let bytes = slice.bytes?.await.map_err(describe)?;
                    copy(&bytes, buf);
                    self.at = end;
                    if end < self.size {
                        *next = Some(start_read(&self.blob, end, self.size));
                    }
                    return Ok(true);
                }
                How::Slicer { slicer, read } => {
                    if self.at >= self.size {
                        return Ok(false);
                    }
                    let (slicer, read) = (*slicer, *read);
                    match slicer.delivery().await {
                        Delivery::Slice {
                            read: r,
                            end,
                            bytes,
                        } if r == read => {
                            copy(&bytes, buf);
                            self.at = end;
                            // A bare number: one more slice for that reading (an object
                            // per slice cost a third of a millisecond to post).
                            let _ = slicer.worker.post_message(&read.into());
                            return Ok(true);
                        }
                        Delivery::Failed { read: r, why } if r == read => return Err(why),
                        // Left from a reading stopped before: not this file's.
                        Delivery::Slice { .. } | Delivery::Failed { .. } => {}
                        Delivery::Broken(why) => {
                            web_sys::console::warn_1(&JsValue::from_str(&format!(
                                "provlens: {why}; the reader reads files itself"
                            )));
                            slicer.broken.set(true);
                            self.read_itself();
                        }
                    }
                }
            }
        }
    }
}

impl Drop for FileRead<'_> {
    /// A read left before its end (cancelled, failed) stops the slicer's.
    fn drop(&mut self) {
        if let How::Slicer { slicer, .. } = self.how {
            if self.at < self.size {
                slicer.post(&[("read", &0.into())]);
            }
        }
    }
}

/// A slice of a file asked of the browser: where it ends, and its bytes on their way.
struct SliceRead {
    end: f64,
    bytes: Result<JsFuture, String>,
}

/// Asks for the slice of `blob` (of `size` bytes) that starts at `start`.
fn start_read(blob: &Blob, start: f64, size: f64) -> SliceRead {
    let end = (start + SLICE).min(size);
    let bytes = blob
        .slice_with_f64_and_f64(start, end)
        .map(|part| JsFuture::from(part.array_buffer()))
        .map_err(describe);
    SliceRead { end, bytes }
}

/// Reads bytes `start..end` of `blob` into `buf`, on the reader's thread (a raw record).
pub async fn read_slice(
    blob: &Blob,
    start: f64,
    end: f64,
    buf: &mut Vec<u8>,
) -> Result<(), String> {
    let part = blob.slice_with_f64_and_f64(start, end).map_err(describe)?;
    let bytes = JsFuture::from(part.array_buffer())
        .await
        .map_err(describe)?;
    copy(&bytes, buf);
    Ok(())
}

/// Copies an `ArrayBuffer`'s bytes into `buf`.
fn copy(bytes: &JsValue, buf: &mut Vec<u8>) {
    let array = Uint8Array::new(bytes);
    buf.resize(array.length() as usize, 0);
    array.copy_to(buf);
}
