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
pub(crate) const MAX_SKIPS_KEPT: usize = 100;

/// Said of a record kept although some of its bytes were not UTF-8.
const NOT_UTF8: &str = "this record is not valid UTF-8 (was the file saved in another encoding, \
                        such as Windows-1252?): it was read with its bad bytes shown as \u{FFFD}";

/// Bytes after the leading blanks that decide a file's format when it does not open with
/// a JSON bracket (CSV's first line, a binary file's zeros, Format-List's lines).
const SNIFF_BYTES: usize = 4096;

/// Leading blank space is held until the first other byte decides the format; past this
/// much, the file is called blank and the rest ignored.
const MAX_BLANK_BYTES: usize = MAX_RECORD_BYTES;

/// The largest file a browser tab is asked to read, in bytes (of the file as stored, and
/// of its text once inflated). A wasm32 page addresses at most 4 GiB, and the events take
/// about as much memory as the file's text (a 211 MB download makes 222 MB of events), the
/// identities, search buffers and sort orders a third more, and a drop of more files
/// copies the log once: 1.5 GB of text leaves room for all of it. The command line, which
/// does not declare sizes, has no such limit.
pub const TAB_LIMIT_BYTES: u64 = 1_500_000_000;

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
    /// Of the duplicates, events whose id was loaded already with a different outcome
    /// (time, status, action, error code, objects, job, cycle or change): the first was
    /// kept (set by the log, which says which in `errors`).
    #[serde(default)]
    pub differing: u64,
    /// Records not loaded (including those set aside).
    pub skipped: u64,
    /// Of the skipped, records of other services or categories, set aside on purpose.
    pub set_aside: u64,
    /// Why records were skipped, or why the file failed, and what was wrong with records
    /// kept (no readable time, bytes that are not UTF-8, a duplicate that differs): the
    /// first ones, with places.
    pub errors: Vec<LoadError>,
    /// What the file still needs from the other files of its download, for the admin
    /// (set by the log; `None` once nothing is missing).
    #[serde(default)]
    pub missing: Option<String>,
    /// Where a CSV file's line of column names is, to show a row under it (see
    /// [`crate::raw`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Span>,
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
    /// Text bytes the tab may still take, once the file's size was declared
    /// ([`FileLoader::declare_size`]).
    room: Option<u64>,
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
                differing: 0,
                skipped: 0,
                set_aside: 0,
                errors: Vec::new(),
                missing: None,
                header: None,
            },
            file,
            stage: Stage::Sniffing(Vec::new()),
            container: None,
            kind: None,
            decoder: Decoder::new(),
            decoder_failed: false,
            room: None,
            strings: Interner::default(),
            events: Vec::new(),
            jobs: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// Declares the file's size (a browser `File`'s `size`) before any byte is pushed, for
    /// a load in a browser tab: a file larger than [`TAB_LIMIT_BYTES`] is refused at once,
    /// with a message naming it, and false is returned (its bytes need not be read: any
    /// pushed are ignored). A smaller file is accepted, and its text is held to the same
    /// limit as it inflates (a gzip file), keeping what came before it.
    pub fn declare_size(&mut self, size: u64) -> bool {
        if size > TAB_LIMIT_BYTES {
            let why = format!(
                "this file is too large for a browser tab ({}; at most {}): split it, or use \
                 the provlens command line",
                gigabytes(size),
                gigabytes(TAB_LIMIT_BYTES)
            );
            let start = Position {
                byte: 0,
                line: 1,
                record: None,
            };
            self.error(start, why);
            self.stage = Stage::Refused;
            return false;
        }
        self.room = Some(TAB_LIMIT_BYTES);
        true
    }

    /// Reads the records with `kind`'s importer first, whatever the first record looks like
    /// (the fuzz targets of each importer).
    pub(crate) fn expect(&mut self, kind: RecordKind) {
        self.kind = Some(kind);
    }

    /// The line the text read so far ends on (of the decoded text, for a compressed or
    /// UTF-16 file): where a read that failed here stopped.
    pub fn line(&self) -> u64 {
        self.text_position().line
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
    }

    /// Reads the next piece of decoded (UTF-8) text.
    fn consume(&mut self, chunk: &[u8]) {
        let Some(room) = self.room else {
            return self.read_text(chunk);
        };
        if chunk.len() as u64 <= room {
            self.room = Some(room - chunk.len() as u64);
            return self.read_text(chunk);
        }
        // A gzip file inflating (or UTF-16 growing) past what the tab can hold: read up to
        // the limit, then stop.
        self.read_text(&chunk[..room as usize]);
        self.room = None;
        if !matches!(self.stage, Stage::Refused) {
            let at = self.text_position();
            let why = format!(
                "this file holds more than {} of text once decompressed or decoded, too large \
                 for a browser tab; the rest was not read: split it, or use the provlens command \
                 line",
                gigabytes(TAB_LIMIT_BYTES)
            );
            self.error(at, why);
            self.stage = Stage::Refused;
        }
    }

    fn read_text(&mut self, chunk: &[u8]) {
        match &mut self.stage {
            Stage::Sniffing(head) => {
                head.extend_from_slice(chunk);
                // JSON is known from its first bracket; anything else is judged on the 4 KiB
                // after the leading blanks (however the file was cut into chunks).
                let decided = match first_content(head) {
                    Some(i) => matches!(head[i], b'{' | b'[') || head.len() - i >= SNIFF_BYTES,
                    None => head.len() > MAX_BLANK_BYTES,
                };
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
        if let Stage::Sniffing(head) = &mut self.stage {
            let head = std::mem::take(head);
            self.start(&head);
        }
        // A decoding fault is placed where the text it let through ends.
        self.check_decoder();
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

    /// A corrupt gzip stream ends the file where it broke (reported once, when the file
    /// ends, at the end of the text it let through, so the place does not depend on the
    /// chunking); what was read stays, and a record cut short is reported by the format as
    /// usual.
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
            Stage::Csv { reader, .. } => Position {
                byte: reader.offset(),
                line: reader.line(),
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
        // What decides is the same window of the head however much of the file arrived:
        // from its first byte that is neither blank nor a BOM, 4 KiB on.
        let first = first_content(head).unwrap_or(head.len());
        if first > MAX_BLANK_BYTES {
            let start = Position {
                byte: 0,
                line: 1,
                record: None,
            };
            let why = format!(
                "the file holds nothing but blank space for its first {} MB; the rest was not \
                 read",
                MAX_BLANK_BYTES >> 20
            );
            self.error(start, why);
            self.stage = Stage::Refused;
            return;
        }
        let window = &head[first..head.len().min(first + SNIFF_BYTES)];
        match sniff(window) {
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
                // A corrupt gzip stream that yielded nothing says so itself.
                if self.decoder.error().is_none() {
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
                    self.report.header = Some(row.span);
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
        let imported = import_csv(known, &row, &mut ctx);
        if row.repaired && matches!(imported, Imported::Events(_) | Imported::Part(_)) {
            self.error(at, NOT_UTF8);
        }
        match imported {
            Imported::Events(events) => {
                self.note_timeless(&events, at);
                self.events.extend(events);
            }
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
                Some(b'-' | b'0'..=b'9') => "a number",
                _ => "something that is not JSON",
            };
            return self.skip(
                at,
                format!("expected a log record (a JSON object) here, found {found}"),
            );
        }
        let mut read = self.import(bytes, span);
        if read.is_err() {
            if let Err(bad) = std::str::from_utf8(bytes) {
                // Not UTF-8 (a file saved as Windows-1252, say): read it with the bad bytes
                // replaced, and say so where the first one is.
                if let Ok(ok) = self.import(String::from_utf8_lossy(bytes).as_bytes(), span) {
                    let good = &bytes[..bad.valid_up_to()];
                    let place = Position {
                        byte: span.offset + good.len() as u64,
                        line: span.line + good.iter().filter(|&&b| b == b'\n').count() as u64,
                        record: at.record,
                    };
                    self.error(place, NOT_UTF8);
                    read = Ok(ok);
                }
            }
        }
        let (kind, imported) = match read {
            Ok(read) => read,
            Err(e) => {
                let (place, why) = bad_json(e);
                return self.skip(place, why);
            }
        };
        match imported {
            Imported::Rows(rows) => {
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
            imported => self.settle(imported, kind, at),
        }
    }

    /// Reads one JSON record with the importer of the file's first record, probing it
    /// again when that importer says it is not one of its own.
    fn import(
        &mut self,
        bytes: &[u8],
        span: Span,
    ) -> Result<(RecordKind, Imported), serde_json::Error> {
        let mut kind = match self.kind {
            Some(kind) => kind,
            None => probe(bytes)?,
        };
        let mut ctx = Ctx {
            strings: &mut self.strings,
            file: self.file,
            span,
        };
        let mut imported = import_json(kind, bytes, &mut ctx)?;
        if matches!(imported, Imported::NotMine) {
            kind = probe(bytes)?;
            imported = import_json(kind, bytes, &mut ctx)?;
        }
        Ok((kind, imported))
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
                self.note_timeless(&events, at);
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

    /// An event read without a time is kept, and the admin told why it shows none.
    fn note_timeless(&mut self, events: &[Event], at: Position) {
        if events.iter().any(|e| e.time.is_none()) {
            self.error(
                at,
                "this event has no time provlens can read (missing, empty or not a date): it \
                 is listed without one",
            );
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

/// Where the first byte that is neither blank nor part of a UTF-8 BOM is (a BOM may follow
/// blank lines in files joined with `cat`); `None` while there is none.
fn first_content(head: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        match &head[i..] {
            [0xEF, 0xBB, 0xBF, ..] => i += 3,
            [b, ..] if b.is_ascii_whitespace() => i += 1,
            [_, ..] => return Some(i),
            [] => return None,
        }
    }
}

/// A size in gigabytes for the admin, to a tenth, rounded up (so a file just over the
/// limit does not read as the limit itself): "2.6 GB", "1.5 GB".
fn gigabytes(bytes: u64) -> String {
    let tenths = bytes.div_ceil(100_000_000);
    match tenths % 10 {
        0 => format!("{} GB", tenths / 10),
        t => format!("{}.{t} GB", tenths / 10),
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

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// No unbounded memory: a small gzip file may inflate to far more text than the tab can
    /// hold. The limit (1.5 GB) is scaled down here to the first ten records.
    #[test]
    fn a_gzip_file_inflating_past_the_tab_limit_stops_there_keeping_what_came_before() {
        let records: Vec<String> = (1..=200).map(crate::fuzzing::record).collect();
        let text = format!("[{}]", records.join(","));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).expect("gzip in memory");
        let gz = gz.finish().expect("gzip in memory");
        let mut loader = FileLoader::new("bomb.json.gz", 0);
        assert!(loader.declare_size(gz.len() as u64));
        let room = records[..10].iter().map(|r| r.len() + 1).sum::<usize>();
        loader.room = Some(room as u64);
        for chunk in gz.chunks(100) {
            loader.push(chunk);
        }
        let loaded = loader.finish();
        assert_eq!(loaded.events.len(), 10);
        let r = &loaded.report;
        assert_eq!((r.records, r.skipped), (10, 0));
        assert_eq!(
            r.errors[0].to_string(),
            format!(
                "bomb.json.gz, line 1, byte {room}: this file holds more than 1.5 GB of text \
                 once decompressed or decoded, too large for a browser tab; the rest was not \
                 read: split it, or use the provlens command line"
            )
        );
        assert_eq!(r.errors.len(), 1);
    }
}
