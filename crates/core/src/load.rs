//! The incremental loader: feed a file's bytes in chunks of any size with
//! [`FileLoader::push`], then [`FileLoader::finish`]. It decides the format from the first
//! bytes, splits records as they complete and reads each into an [`Event`], so memory holds
//! the events and one record, never the file.
//!
//! Every record is accounted for: it becomes an event (or a step or property of one, joined
//! later) or is skipped with a reason and a position. Duplicates across files are merged
//! later, by [`crate::log::Log`].

use serde::{Deserialize, Serialize};

use crate::decode::Decoder;
use crate::error::{LoadError, Position};
use crate::event::{Event, Interner, Span};
use crate::formats::csv;
use crate::formats::json::{Container, Piece, Splitter, MAX_RECORD_BYTES};
use crate::formats::probe::{probe, RecordKind};
use crate::formats::{import_csv, import_json, sniff, Ctx, Format, Imported, Opening};
use crate::job::JobStatus;
use crate::parts::Part;

/// Skipped-record messages kept per file (the count is always exact).
const MAX_SKIPS_KEPT: usize = 100;

/// What became of one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file's name.
    pub name: String,
    /// The detected format.
    pub format: Format,
    /// Bytes read (as stored: compressed bytes for a gzip file).
    pub bytes: u64,
    /// How the file was stored, when not plain UTF-8: "gzip-compressed", "UTF-16LE", …
    pub encoding: Option<String>,
    /// Records seen (events + jobs + parts + skipped; duplicates are among the events and
    /// parts until merged).
    pub records: u64,
    /// Records read into events (before removing duplicates across files).
    pub events: u64,
    /// Synchronization job statuses read.
    pub jobs: u64,
    /// Steps and modified properties read to join their events (the rows of a CSV
    /// download's steps and properties files).
    #[serde(default)]
    pub parts: u64,
    /// Records of this file that were already loaded from another file (set by the log).
    pub duplicates: u64,
    /// Records not loaded (including those set aside).
    pub skipped: u64,
    /// Of the skipped, records of other services or categories, set aside on purpose.
    pub set_aside: u64,
    /// Why records were skipped, or why the file failed (the first ones, with places).
    pub errors: Vec<LoadError>,
    /// What the file still needs from the other files of its download, for the admin
    /// (set by the log; `None` once nothing is missing).
    #[serde(default)]
    pub missing: Option<String>,
}

impl FileReport {
    /// The first problem, as shown to the admin.
    pub fn first_error(&self) -> Option<&LoadError> {
        self.errors.first()
    }

    /// True when nothing at all could be read from the file.
    pub fn failed(&self) -> bool {
        self.events == 0 && self.jobs == 0 && self.parts == 0 && !self.errors.is_empty()
    }
}

/// A file read to the end: its report and its events.
#[derive(Debug)]
pub struct LoadedFile {
    /// What happened.
    pub report: FileReport,
    /// The events, in file order.
    pub events: Vec<Event>,
    /// Synchronization job statuses the file held.
    pub jobs: Vec<JobStatus>,
    /// Steps and modified properties waiting to join their events (by change id).
    pub parts: Vec<Part>,
}

/// How far a load has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Bytes pushed so far.
    pub bytes: u64,
    /// Events read so far.
    pub events: u64,
    /// Records skipped so far.
    pub skipped: u64,
}

enum Stage {
    /// Waiting for the first non-blank bytes.
    Sniffing(Vec<u8>),
    /// Reading JSON records.
    Json(Splitter),
    /// Reading CSV rows: the header (once recognised) says what each column holds.
    Csv {
        reader: csv::Reader,
        header: Option<csv::Header>,
    },
    /// The file cannot be read; further bytes are counted and ignored.
    Refused,
}

/// Reads one file, chunk by chunk.
pub struct FileLoader {
    report: FileReport,
    file: u32,
    stage: Stage,
    container: Option<Container>,
    /// The kind of the records read so far (the first record decides; probed again on a
    /// mismatch).
    kind: Option<RecordKind>,
    /// Inflates gzip and transcodes UTF-16 before anything else looks at the bytes.
    decoder: Decoder,
    decoder_failed: bool,
    strings: Interner,
    events: Vec<Event>,
    jobs: Vec<JobStatus>,
    parts: Vec<Part>,
}

impl FileLoader {
    /// A loader for the file called `name`; `file` is its index in the log's file list
    /// (stamped on every event).
    pub fn new(name: &str, file: u32) -> Self {
        FileLoader {
            report: FileReport {
                name: name.to_string(),
                format: Format::Unknown,
                bytes: 0,
                encoding: None,
                records: 0,
                events: 0,
                jobs: 0,
                parts: 0,
                duplicates: 0,
                skipped: 0,
                set_aside: 0,
                errors: Vec::new(),
                missing: None,
            },
            file,
            stage: Stage::Sniffing(Vec::new()),
            container: None,
            kind: None,
            decoder: Decoder::new(),
            decoder_failed: false,
            strings: Interner::default(),
            events: Vec::new(),
            jobs: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// How far the load has come.
    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.report.bytes,
            events: self.events.len() as u64,
            skipped: self.report.skipped,
        }
    }

    /// Feeds the next bytes of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        self.report.bytes += chunk.len() as u64;
        // The decoder is taken out while it runs so its text goes straight to `consume`.
        let mut decoder = std::mem::replace(&mut self.decoder, Decoder::new());
        decoder.push(chunk, &mut |text| self.consume(text));
        self.decoder = decoder;
        self.check_decoder();
    }

    /// Reads the next piece of decoded (UTF-8) text.
    fn consume(&mut self, chunk: &[u8]) {
        match &mut self.stage {
            Stage::Sniffing(head) => {
                head.extend_from_slice(chunk);
                // JSON is known from its first bracket; anything else is judged on 4 KiB.
                let json = head
                    .iter()
                    .find(|b| !b.is_ascii_whitespace() && ![0xEF, 0xBB, 0xBF].contains(*b));
                let decided = head.len() >= 4096 || matches!(json, Some(b'{' | b'['));
                if decided {
                    let head = std::mem::take(head);
                    self.start(&head);
                }
            }
            Stage::Json(_) => self.split(chunk),
            Stage::Csv { .. } => self.with_csv(|reader, out| reader.push(chunk, out)),
            Stage::Refused => {}
        }
    }

    /// Ends the file: whatever is still open is reported, and the events handed over.
    pub fn finish(mut self) -> LoadedFile {
        let mut decoder = std::mem::replace(&mut self.decoder, Decoder::new());
        decoder.finish(&mut |text| self.consume(text));
        self.report.encoding = decoder.describe();
        self.decoder = decoder;
        self.check_decoder();
        if let Stage::Sniffing(head) = &mut self.stage {
            let head = std::mem::take(head);
            self.start(&head);
        }
        self.finish_csv();
        if let Stage::Json(splitter) = &self.stage {
            let end = Position {
                byte: splitter.offset(),
                line: splitter.line(),
                record: None,
            };
            if let Some(open) = splitter.open_record() {
                let n = self.report.records + 1;
                self.report.records = n;
                self.skip(
                    Position {
                        byte: open.offset,
                        line: open.line,
                        record: Some(n),
                    },
                    format!(
                        "the file ends inside this record (truncated download?); it ends at {end}"
                    ),
                );
            } else if !splitter.at_rest() {
                self.error(
                    end,
                    "the file ends before its JSON is closed (truncated download?)",
                );
            }
        }
        if matches!(self.stage, Stage::Json(_))
            && self.report.records == 0
            && self.report.errors.is_empty()
        {
            self.error(
                Position {
                    byte: 0,
                    line: 1,
                    record: None,
                },
                "no records found: the JSON holds no log events",
            );
        }
        self.report.events = self.events.len() as u64;
        self.report.jobs = self.jobs.len() as u64;
        self.report.parts = self.parts.len() as u64;
        LoadedFile {
            report: self.report,
            events: self.events,
            jobs: self.jobs,
            parts: self.parts,
        }
    }

    /// A corrupt gzip stream ends the file where it broke (reported once); what was read
    /// stays, and a record cut short is reported by the format as usual.
    fn check_decoder(&mut self) {
        if self.decoder_failed {
            return;
        }
        if let Some(why) = self.decoder.error().map(str::to_string) {
            self.decoder_failed = true;
            let at = self.text_position();
            self.error(at, why);
        }
    }

    /// Where the decoded text has got to.
    fn text_position(&self) -> Position {
        match &self.stage {
            Stage::Json(s) => Position {
                byte: s.offset(),
                line: s.line(),
                record: None,
            },
            _ => Position {
                byte: 0,
                line: 1,
                record: None,
            },
        }
    }

    fn start(&mut self, head: &[u8]) {
        match sniff(head) {
            Opening::Json => {
                // The splitter passes over a BOM itself, so offsets stay true to the file.
                self.stage = Stage::Json(Splitter::new());
                self.split(head);
            }
            Opening::Csv(delimiter) => {
                self.stage = Stage::Csv {
                    reader: csv::Reader::new(delimiter),
                    header: None,
                };
                self.with_csv(|reader, out| reader.push(head, out));
            }
            Opening::Empty => {
                // A corrupt gzip stream that yielded nothing was reported already.
                if !self.decoder_failed {
                    let start = Position {
                        byte: 0,
                        line: 1,
                        record: None,
                    };
                    self.error(start, "the file is empty");
                }
                self.stage = Stage::Refused;
            }
            Opening::Unsupported(what) => {
                self.error(
                    Position {
                        byte: 0,
                        line: 1,
                        record: None,
                    },
                    format!("this is {what}"),
                );
                self.stage = Stage::Refused;
            }
        }
    }

    fn split(&mut self, chunk: &[u8]) {
        // The splitter is taken out while it runs so each record goes straight to `take`.
        let Stage::Json(mut splitter) = std::mem::replace(&mut self.stage, Stage::Refused) else {
            return;
        };
        splitter.push(chunk, &mut |piece| self.take(piece));
        self.stage = Stage::Json(splitter);
    }

    /// Runs the CSV reader (taken out of the stage meanwhile) with each piece going to
    /// `csv_piece`; an unknown header refuses the rest of the file.
    fn with_csv(&mut self, run: impl FnOnce(&mut csv::Reader, &mut dyn FnMut(csv::Piece<'_>))) {
        let Stage::Csv {
            mut reader,
            mut header,
        } = std::mem::replace(&mut self.stage, Stage::Refused)
        else {
            return;
        };
        let mut refused = false;
        run(&mut reader, &mut |piece| {
            refused = refused || !self.csv_piece(piece, &mut header);
        });
        if !refused {
            self.stage = Stage::Csv { reader, header };
        }
    }

    /// Reads one CSV row: first the header, then one record per row. False when the header
    /// is not one provlens knows.
    fn csv_piece(&mut self, piece: csv::Piece<'_>, header: &mut Option<csv::Header>) -> bool {
        let row = match piece {
            csv::Piece::Row(row) => row,
            csv::Piece::Oversized(span) if header.is_none() => {
                let at = Position {
                    byte: span.offset,
                    line: span.line,
                    record: None,
                };
                self.error(
                    at,
                    format!(
                        "this is a CSV file whose first line is larger than {} MB",
                        MAX_RECORD_BYTES >> 20
                    ),
                );
                return false;
            }
            csv::Piece::Oversized(span) => {
                self.report.records += 1;
                let at = self.position(span);
                self.skip(
                    at,
                    format!(
                        "this row is larger than {} MB and was not read",
                        MAX_RECORD_BYTES >> 20
                    ),
                );
                return true;
            }
        };
        let Some(known) = header.as_ref() else {
            if csv::is_preamble(&row) {
                return true;
            }
            return match csv::Header::recognise(&row, &self.report.name) {
                Ok(recognised) => {
                    self.report.format = recognised.kind.format();
                    *header = Some(recognised);
                    true
                }
                Err(why) => {
                    let at = Position {
                        byte: row.span.offset,
                        line: row.span.line,
                        record: None,
                    };
                    self.error(at, format!("this is {why}"));
                    false
                }
            };
        };
        self.report.records += 1;
        let at = self.position(row.span);
        if let Err(why) = known.fits(&row) {
            self.skip(at, why);
            return true;
        }
        let mut ctx = Ctx {
            strings: &mut self.strings,
            file: self.file,
            span: row.span,
        };
        match import_csv(known, &row, &mut ctx) {
            Imported::Events(events) => self.events.extend(events),
            Imported::Part(part) => self.parts.push(part),
            Imported::SetAside(why) => {
                self.report.set_aside += 1;
                self.skip(at, why);
            }
            Imported::Skip(why) => self.skip(at, why),
            // A CSV importer reads its own kind of row: nothing else comes back.
            _ => self.skip(at, "this row is not one provlens can read"),
        }
        true
    }

    /// Ends a CSV file: its last row if it has no line break, and a word if it had no rows.
    fn finish_csv(&mut self) {
        if !matches!(self.stage, Stage::Csv { .. }) {
            return;
        }
        self.with_csv(|reader, out| reader.finish(out));
        if let Stage::Csv { header, .. } = &self.stage {
            if self.report.records == 0 && self.report.errors.is_empty() {
                let why = if header.is_some() {
                    "no rows: the CSV holds only its header"
                } else {
                    "no column names found: the CSV holds only a preamble"
                };
                let start = Position {
                    byte: 0,
                    line: 1,
                    record: None,
                };
                self.error(start, why);
            }
        }
    }

    fn take(&mut self, piece: Piece<'_>) {
        match piece {
            Piece::Head(_) => {}
            Piece::Container(c) => {
                if self.container.is_none() {
                    self.container = Some(c);
                }
            }
            Piece::Record(bytes, span) => self.record(bytes, span),
            Piece::Oversized(span) => {
                self.report.records += 1;
                let at = self.position(span);
                self.skip(
                    at,
                    format!(
                        "this record is larger than {} MB and was not read",
                        MAX_RECORD_BYTES >> 20
                    ),
                );
            }
            Piece::Unexpected { span, found } => {
                let shown = if found.is_ascii_graphic() {
                    format!("'{}'", found as char)
                } else {
                    format!("byte 0x{found:02X}")
                };
                self.error(
                    Position { byte: span.offset, line: span.line, record: None },
                    format!("expected a JSON object or array here, found {shown}; the rest of this line was ignored"),
                );
            }
        }
    }

    fn record(&mut self, bytes: &[u8], span: Span) {
        self.report.records += 1;
        let at = self.position(span);
        let bad_json = |e: serde_json::Error| {
            let byte = if e.line() <= 1 {
                span.offset + e.column().saturating_sub(1) as u64
            } else {
                span.offset
            };
            let line = span.line + e.line().saturating_sub(1) as u64;
            let place = Position {
                byte,
                line,
                record: at.record,
            };
            (
                place,
                format!("this record is not valid: {}", describe_json_error(&e)),
            )
        };
        if bytes.first() != Some(&b'{') {
            let found = match bytes.first() {
                Some(b'"') => "a string",
                Some(b'[') => "an array",
                Some(b't' | b'f') => "true or false",
                Some(b'n') => "null",
                _ => "a number",
            };
            return self.skip(
                at,
                format!("expected a log record (a JSON object) here, found {found}"),
            );
        }
        // Read with the importer of the file's first record; probe again when it says no.
        let mut kind = match self.kind {
            Some(kind) => kind,
            None => match probe(bytes) {
                Ok(kind) => kind,
                Err(e) => {
                    let (place, why) = bad_json(e);
                    return self.skip(place, why);
                }
            },
        };
        let mut ctx = Ctx {
            strings: &mut self.strings,
            file: self.file,
            span,
        };
        let mut imported = import_json(kind, bytes, &mut ctx);
        if matches!(imported, Ok(Imported::NotMine)) {
            kind = match probe(bytes) {
                Ok(kind) => kind,
                Err(e) => {
                    let (place, why) = bad_json(e);
                    return self.skip(place, why);
                }
            };
            imported = import_json(kind, bytes, &mut ctx);
        }
        match imported {
            Ok(Imported::Rows(rows)) => {
                // A table: each row is a record, numbered on from the rows before it.
                let before = self.report.records - 1;
                self.report.records = before + rows.len() as u64;
                for (n, row) in (before + 1..).zip(rows) {
                    self.settle(
                        row,
                        kind,
                        Position {
                            record: Some(n),
                            ..at
                        },
                    );
                }
            }
            Ok(imported) => self.settle(imported, kind, at),
            Err(e) => {
                let (place, why) = bad_json(e);
                self.skip(place, why);
            }
        }
    }

    /// Keeps what one record of `kind` became, or says why not.
    fn settle(&mut self, imported: Imported, kind: RecordKind, at: Position) {
        let loaded = |me: &mut Self| {
            if me.report.format == Format::Unknown {
                me.report.format = Format::of_json(kind, me.container.unwrap_or(Container::Object));
            }
            me.kind = Some(kind);
        };
        match imported {
            Imported::Events(events) => {
                loaded(self);
                self.events.extend(events);
            }
            Imported::Job(job) => {
                loaded(self);
                self.jobs.push(*job);
            }
            Imported::Part(part) => {
                loaded(self);
                self.parts.push(part);
            }
            Imported::SetAside(why) => {
                // The file is of this format even when none of its records is ours.
                loaded(self);
                self.report.set_aside += 1;
                self.skip(at, why);
            }
            Imported::Rows(_) => self.skip(at, "a table inside a table's row was not read"),
            Imported::NotMine => self.skip(at, "this record is not one provlens can read"),
            Imported::Skip(why) => self.skip(at, why),
        }
    }

    fn position(&self, span: Span) -> Position {
        Position {
            byte: span.offset,
            line: span.line,
            record: Some(self.report.records),
        }
    }

    fn skip(&mut self, at: Position, why: impl Into<String>) {
        self.report.skipped += 1;
        self.error(at, why);
    }

    fn error(&mut self, at: Position, why: impl Into<String>) {
        if self.report.errors.len() < MAX_SKIPS_KEPT {
            self.report
                .errors
                .push(LoadError::new(&self.report.name, at, why));
        }
    }
}

/// serde_json's message, in the admin's terms.
fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    // serde_json ends its message with a place inside the record; ours is in the file.
    let text = e.to_string();
    let what = text.split(" at line ").next().unwrap_or(&text);
    match e.classify() {
        Category::Syntax => format!("broken JSON: {what}"),
        Category::Eof => "the record is cut short".to_string(),
        Category::Data => format!("unexpected content: {what}"),
        Category::Io => what.to_string(),
    }
}
