//! The loaded log: every file's report and all events, with duplicates across overlapping
//! downloads merged (the same event `id` seen twice is kept once).

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::error::{LoadError, Position};
use crate::event::{Event, Text};
use crate::identity::Identities;
use crate::index::Index;
use crate::job::JobStatus;
use crate::load::{FileLoader, FileReport, LoadedFile, MAX_SKIPS_KEPT};
use crate::parts::Parts;

/// Everything loaded so far. Cloning copies every event: the page does it once per drop of
/// more files, to keep its state immutable.
#[derive(Clone, Debug, Default)]
pub struct Log {
    /// One report per file, in the order the files were added.
    pub files: Vec<FileReport>,
    /// The events of all files, duplicates removed, in load order.
    pub events: Vec<Event>,
    /// Synchronization job statuses, one per job id (a later file replaces an earlier one).
    pub jobs: Vec<JobStatus>,
    /// Event id → index in `events`, to merge duplicates. SipHash: the FxHasher spread a
    /// million generated ids (equal but for a counter) over too few buckets, and adding
    /// them took twice as long.
    ids: HashMap<Text, u32>,
    /// Steps and properties waiting for their events, and the change id index.
    parts: Parts,
    /// Who each event is about; built on first use after the last file was added.
    identities: OnceCell<Identities>,
    /// Sort orders and search buffers; built on first use after the last file was added.
    index: OnceCell<Index>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Self {
        Log::default()
    }

    /// A loader for the next file. Files are loaded one after another: the loader's file
    /// index is the position its report will take.
    pub fn loader(&self, name: &str) -> FileLoader {
        FileLoader::new(name, self.files.len() as u32)
    }

    /// Adds a file read to the end; events already loaded (from another file or earlier in
    /// this one) are counted as duplicates of it and not added again: the first is kept.
    /// A duplicate whose outcome differs from the first's is counted in `differing`, and
    /// said with both places in the report's errors. Steps and properties join their
    /// events (see [`crate::parts`]).
    pub fn add(&mut self, loaded: LoadedFile) {
        let LoadedFile {
            mut report,
            mut events,
            jobs,
            parts,
        } = loaded;
        if !jobs.is_empty() {
            // A later status of a job replaces the earlier one, in one pass: a list may hold
            // many jobs (one retain per job was quadratic).
            let last: HashMap<Text, usize> = jobs
                .iter()
                .enumerate()
                .map(|(i, j)| (j.id.clone(), i))
                .collect();
            self.jobs.retain(|j| !last.contains_key(&j.id));
            self.jobs.extend(
                jobs.into_iter()
                    .enumerate()
                    .filter(|(i, j)| last.get(&j.id) == Some(i))
                    .map(|(_, j)| j),
            );
        }
        let file = self.files.len() as u32;
        self.ids.reserve(events.len());
        if self.events.is_empty() && self.ids.is_empty() {
            // The first file: its events stay where they are unless one repeats (moving a
            // million events one by one took a second).
            let unique = events
                .iter()
                .zip(0..)
                .all(|(e, i)| self.ids.insert(e.id.clone(), i).is_none());
            if unique {
                events.iter_mut().for_each(|e| e.file = file);
                self.events = events;
                events = Vec::new();
            } else {
                self.ids.clear();
            }
        }
        self.events.reserve(events.len());
        for mut event in events {
            event.file = file;
            let next = self.events.len() as u32;
            match self.ids.entry(event.id.clone()) {
                std::collections::hash_map::Entry::Occupied(slot) => {
                    report.duplicates += 1;
                    let first = &self.events[*slot.get() as usize];
                    if !same_outcome(first, &event) {
                        report.differing += 1;
                        let first_file = self
                            .files
                            .get(first.file as usize)
                            .map_or(&report.name, |f| &f.name);
                        let why = format!(
                            "event {} was read already from {first_file} (line {}, byte {}) \
                             with a different outcome; the first was kept and this one counted \
                             as a duplicate",
                            event.id, first.span.line, first.span.offset
                        );
                        if report.errors.len() < MAX_SKIPS_KEPT {
                            let at = Position {
                                byte: event.span.offset,
                                line: event.span.line,
                                record: None,
                            };
                            report.errors.push(LoadError::new(&report.name, at, why));
                        }
                    }
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(next);
                    self.events.push(event);
                }
            }
        }
        self.files.push(report);
        // A CSV download's steps and properties join their events by change id.
        self.parts
            .join(file, parts, &mut self.events, &mut self.files);
        self.identities = OnceCell::new();
        self.index = OnceCell::new();
    }

    /// Sort orders and search buffers over the events.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::new(&self.events))
    }

    /// The identities the events are about, joined across formats.
    pub fn identities(&self) -> &Identities {
        self.identities
            .get_or_init(|| Identities::build(&self.events))
    }

    /// Records merged as duplicates, all files.
    pub fn duplicates(&self) -> u64 {
        self.files.iter().map(|f| f.duplicates).sum()
    }

    /// Records not loaded, all files.
    pub fn skipped(&self) -> u64 {
        self.files.iter().map(|f| f.skipped).sum()
    }

    /// Records seen, all files (= events + duplicates + jobs + skipped, and the steps and
    /// properties of CSV downloads).
    pub fn records(&self) -> u64 {
        self.files.iter().map(|f| f.records).sum()
    }

    /// Duplicates that differed from the event kept, all files.
    pub fn differing(&self) -> u64 {
        self.files.iter().map(|f| f.differing).sum()
    }

    /// The event with this id, if loaded.
    pub fn by_id(&self, id: &str) -> Option<&Event> {
        self.ids.get(id).map(|&i| &self.events[i as usize])
    }
}

/// True when two events of the same id tell the same outcome: when, what, how it ended,
/// with which error, to which objects, in which job, cycle and change. Steps, texts and
/// names are not compared: Graph v1.0 and beta, the portal and PowerShell word them
/// differently, and a CSV download's steps join its events later.
fn same_outcome(a: &Event, b: &Event) -> bool {
    a.time == b.time
        && a.record == b.record
        && a.action == b.action
        && a.status == b.status
        && a.error_code == b.error_code
        && a.job_id == b.job_id
        && a.cycle_id == b.cycle_id
        && a.change_id == b.change_id
        && a.source.id == b.source.id
        && a.target.id == b.target.id
}
