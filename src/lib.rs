//! What the page and its reader share: the messages between them ([`protocol`]) and the
//! reader itself ([`worker`]), the Web Worker that holds the log, with the worker that reads
//! files for it ([`slicer`]). The page is the `provlens`
//! binary (`src/main.rs`); the reader is the `worker` binary (`src/bin/worker.rs`), which
//! Trunk builds as a worker (see index.html).

pub mod protocol;
pub mod slicer;
pub mod worker;
