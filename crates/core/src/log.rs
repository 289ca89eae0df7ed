//! The loaded log: every file's report and all events, with duplicates across overlapping
//! downloads merged (the same event `id` seen twice is kept once).

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::event::{Event, Text};
use crate::identity::Identities;
use crate::index::Index;
use crate::job::JobStatus;
use crate::load::{FileLoader, FileReport, LoadedFile};
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
    /// Event id → index in `events`, to merge duplicates.
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

    /// Adds a file read to the end; events already loaded from another file are counted as
    /// duplicates of it and not added again. Steps and properties join their events (see
    /// [`crate::parts`]).
    pub fn add(&mut self, loaded: LoadedFile) {
        let LoadedFile {
            mut report,
            events,
            jobs,
            parts,
        } = loaded;
        for job in jobs {
            self.jobs.retain(|j| j.id != job.id);
            self.jobs.push(job);
        }
        let file = self.files.len() as u32;
        self.events.reserve(events.len());
        for mut event in events {
            event.file = file;
            let next = self.events.len() as u32;
            match self.ids.entry(event.id.clone()) {
                std::collections::hash_map::Entry::Occupied(_) => report.duplicates += 1,
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

    /// The event with this id, if loaded.
    pub fn by_id(&self, id: &str) -> Option<&Event> {
        self.ids.get(id).map(|&i| &self.events[i as usize])
    }
}
