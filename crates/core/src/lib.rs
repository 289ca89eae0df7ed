//! provlens-core: Entra ID provisioning logs read into one model, with no browser dependency.
//!
//! Data flows one way:
//! ```text
//! bytes in chunks ─► load::FileLoader (detect format, split records) ─► formats::* ─► Event
//!                                                                                  │
//!   summary::Summary ◄── log::Log (events, file reports, duplicates) ◄─────────────┘
//!   query::Query ─► index vector (sort, filter, search)
//!   timeline::Timeline (changes ► steps) ─► Verdict
//! ```
//! The same code runs under `cargo test`, in the CLI and in the browser.

pub mod advice;
mod decode;
pub mod error;
pub mod event;
pub mod export;
pub mod formats;
/// The checks of the fuzz targets (`fuzz/`), replayed on the saved corpus by `cargo test`.
#[doc(hidden)]
pub mod fuzzing;
pub mod histogram;
pub mod identity;
pub mod index;
pub mod job;
pub mod kql;
pub mod load;
pub mod log;
pub mod parts;
pub mod query;
pub mod raw;
pub mod session;
pub mod summary;
pub mod swimlane;
pub mod text;
pub mod time;
pub mod timeline;
pub mod view;

pub use error::{LoadError, Position};
pub use event::{Action, Event, Status, Step, StepKind, Text};
pub use job::JobStatus;
pub use load::{FileLoader, FileReport, LoadedFile};
pub use log::Log;
pub use time::Timestamp;
