//! The checks the fuzz targets of `fuzz/` run on arbitrary input. They live in the core so
//! that an ordinary `cargo test` replays exactly the same checks on the saved corpus
//! (`tests/corpus/<target>/`, see `tests/corpus.rs`), and so they can reach the loader's
//! inner parts (decoder, CSV reader) that are not public API.
//!
//! Each check panics when an invariant breaks; beyond "no panic", they assert:
//! - the result does not depend on how the file is cut into chunks ([`chunking`] derives a
//!   cut from the input itself: 1-byte, small, medium and 4 KiB chunks mixed);
//! - every record is accounted for: `records = events + jobs + parts + skipped`, and
//!   `records = loaded + duplicates + skipped` once in a log;
//! - places are inside the file; what crosses the worker boundary comes back the same.

use crate::decode::Decoder;
use crate::event::Span;
use crate::formats::csv;
use crate::formats::json::{Piece, Splitter};
use crate::formats::probe::RecordKind;
use crate::load::{FileLoader, LoadedFile};
use crate::log::Log;
use crate::query::{Column, Query, Sort};
use crate::session::{Request, Response, Session};
use crate::summary::Summary;
use crate::timeline;
use crate::Status;

/// Cuts `data` into chunks whose sizes are read from its own bytes, so every input comes
/// with its own chunking and a mutation of the input also changes how it is cut.
pub fn chunking(data: &[u8]) -> Vec<&[u8]> {
    let mut chunks = Vec::new();
    let (mut at, mut j) = (0usize, 0usize);
    while at < data.len() {
        let b = usize::from(data[(j.wrapping_mul(31) + data.len()) % data.len()]);
        let size = match b % 4 {
            0 => 1,
            1 => 1 + (b >> 2) % 8,
            2 => 1 + b * 3,
            _ => 4096,
        };
        let end = (at + size).min(data.len());
        chunks.push(&data[at..end]);
        at = end;
        j += 1;
    }
    chunks
}

/// Loads `chunks` as one file called `name`, with `kind`'s importer first if given.
fn load_chunks(name: &str, kind: Option<RecordKind>, chunks: &[&[u8]]) -> LoadedFile {
    let mut loader = FileLoader::new(name, 0);
    if let Some(kind) = kind {
        loader.expect(kind);
    }
    for chunk in chunks {
        loader.push(chunk);
    }
    loader.finish()
}

/// Target `load` (and `csv_import`, with CSV seeds): detection and the loader over
/// arbitrary bytes, whole and in the input's own chunking, then the log, summary, query
/// and timeline over what was read.
pub fn load(data: &[u8]) {
    load_as(None, data);
}

/// The importer targets: the loader, reading every JSON record with the importer of
/// `target` first (`provisioning`, `audit`, `azure_monitor`, `log_analytics`, `sync_job`,
/// `on_demand`), whatever the probe would say; the same checks as [`load`].
pub fn import(target: &str, data: &[u8]) {
    load_as(importer(target), data);
}

fn importer(target: &str) -> Option<RecordKind> {
    Some(match target {
        "provisioning" => RecordKind::Provisioning,
        "audit" => RecordKind::Audit,
        "azure_monitor" => RecordKind::AzureMonitor,
        "log_analytics" => RecordKind::LogAnalytics,
        "sync_job" => RecordKind::SyncJob,
        "on_demand" => RecordKind::OnDemand,
        _ => return None,
    })
}

fn load_as(kind: Option<RecordKind>, data: &[u8]) {
    let whole = load_chunks("fuzz.json", kind, &[data]);
    let cut = load_chunks("fuzz.json", kind, &chunking(data));
    let r = &whole.report;
    assert_eq!(
        r.records,
        r.events + r.jobs + r.parts + r.skipped,
        "records must be events + jobs + parts + skipped: {r:?}"
    );
    assert!(r.set_aside <= r.skipped, "{r:?}");
    assert_eq!(r.bytes, data.len() as u64);
    assert_eq!(whole.events.len() as u64, r.events);
    assert_eq!(&cut.report, r, "the chunking changed the report");
    assert!(
        cut.events == whole.events,
        "the chunking changed the events"
    );
    assert!(cut.jobs == whole.jobs, "the chunking changed the jobs");
    assert!(cut.parts == whole.parts, "the chunking changed the parts");
    for e in &r.errors {
        assert!(e.position.line >= 1, "{e}");
        assert!(!e.message.is_empty() && e.file == "fuzz.json", "{e}");
        // Places in a decoded file (gzip, UTF-16) are in its text, which may be longer.
        if r.encoding.is_none() {
            assert!(e.position.byte <= data.len() as u64, "past the end: {e}");
        }
    }
    explore(vec![whole, cut]);
}

/// What the page and the CLI do with loaded files: the log (the second copy merges as
/// duplicates), its summary, every query column, and the timeline of the first identity.
fn explore(files: Vec<LoadedFile>) {
    let mut log = Log::new();
    let mut records = 0;
    for file in files {
        records += file.report.records;
        log.add(file);
    }
    assert_eq!(log.records(), records);
    // An event read twice is one event and one duplicate; a step or property read twice
    // is a duplicate too.
    let events: u64 = log.files.iter().map(|f| f.events).sum();
    let parts: u64 = log.files.iter().map(|f| f.parts).sum();
    let kept = log.events.len() as u64;
    assert!(
        events - kept <= log.duplicates() && log.duplicates() <= events + parts - kept,
        "records = loaded + duplicates + skipped: {} events read, {kept} kept, {} duplicates",
        events,
        log.duplicates()
    );
    let summary = Summary::of(&log);
    assert_eq!(summary.events, log.events.len() as u64);
    for column in Column::ALL {
        let query = Query {
            sort: Sort {
                column,
                descending: column == Column::Time,
            },
            ..Query::default()
        };
        assert_eq!(query.run(&log).len(), log.events.len());
    }
    if let Some(first) = log.events.first() {
        let label = first.identity_label().to_string();
        let query = Query {
            search: label.chars().take(12).collect(),
            status: Some(first.status),
            ..Query::default()
        };
        let _ = query.run(&log);
        let key = log.identities().key_of(0).to_string();
        assert!(
            timeline::timeline(&log, &key).is_some(),
            "no timeline for {key}"
        );
        let _ = timeline::find_identity(&log, &label);
    }
}

/// A splitter piece, owned, to compare runs.
#[derive(Debug, PartialEq)]
enum Split {
    Head(Vec<u8>),
    Container(String),
    Record(Vec<u8>, Span),
    Oversized(Span),
    Unexpected(Span, u8),
}

fn split_chunks(chunks: &[&[u8]]) -> (Vec<Split>, u64, u64, bool) {
    let mut splitter = Splitter::new();
    let mut pieces = Vec::new();
    for chunk in chunks {
        splitter.push(chunk, &mut |piece| {
            pieces.push(match piece {
                Piece::Head(h) => Split::Head(h.to_vec()),
                Piece::Container(c) => Split::Container(format!("{c:?}")),
                Piece::Record(r, span) => Split::Record(r.to_vec(), span),
                Piece::Oversized(span) => Split::Oversized(span),
                Piece::Unexpected { span, found } => Split::Unexpected(span, found),
            })
        });
    }
    (
        pieces,
        splitter.offset(),
        splitter.line(),
        splitter.at_rest(),
    )
}

/// Target `split`: the JSON splitter. Its pieces do not depend on the chunking, and each
/// record's bytes are the file's bytes at its span.
pub fn split(data: &[u8]) {
    let whole = split_chunks(&[data]);
    assert_eq!(
        whole,
        split_chunks(&chunking(data)),
        "the chunking changed the pieces"
    );
    assert_eq!(whole.1, data.len() as u64);
    let lines = 1 + data.iter().filter(|&&b| b == b'\n').count() as u64;
    assert!(whole.2 <= lines, "line {} of {lines}", whole.2);
    for piece in &whole.0 {
        match piece {
            Split::Record(bytes, span) => {
                let end = span.offset + span.len;
                assert!(end <= data.len() as u64, "{span:?} past the end");
                let at = &data[span.offset as usize..end as usize];
                let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
                let trimmed = &at[..at.iter().rposition(|b| !blank(b)).map_or(0, |i| i + 1)];
                assert_eq!(bytes.as_slice(), trimmed, "{span:?}");
                assert!(!bytes.is_empty(), "an empty record at {span:?}");
            }
            Split::Oversized(span) | Split::Unexpected(span, _) => {
                assert!(span.offset <= data.len() as u64, "{span:?}");
            }
            Split::Head(_) | Split::Container(_) => {}
        }
    }
}

/// One CSV row, owned.
#[derive(Debug, PartialEq)]
enum CsvRow {
    Row(Vec<String>, Span, String),
    Oversized(Span),
}

fn csv_chunks(delimiter: u8, chunks: &[&[u8]]) -> Vec<CsvRow> {
    let mut reader = csv::Reader::new(delimiter);
    let mut rows = Vec::new();
    let mut take = |piece: csv::Piece<'_>| {
        rows.push(match piece {
            csv::Piece::Row(row) => {
                let fields: Vec<String> = (0..row.len())
                    .map(|i| row.get(i).expect("every field of a row").to_string())
                    .collect();
                CsvRow::Row(fields, row.span, format!("{:?}", row.end))
            }
            csv::Piece::Oversized(span) => CsvRow::Oversized(span),
        })
    };
    for chunk in chunks {
        reader.push(chunk, &mut take);
    }
    reader.finish(&mut take);
    rows
}

/// Target `csv`: the CSV reader with the delimiter it would be given. Rows do not depend
/// on the chunking, every field is readable text, and spans are inside the file, in order.
pub fn csv(data: &[u8]) {
    let delimiter = csv::delimiter(data).unwrap_or(b',');
    let whole = csv_chunks(delimiter, &[data]);
    assert_eq!(
        whole,
        csv_chunks(delimiter, &chunking(data)),
        "the chunking changed the rows"
    );
    let mut after = 0;
    for row in &whole {
        let span = match row {
            CsvRow::Row(_, span, _) | CsvRow::Oversized(span) => span,
        };
        assert!(span.offset >= after, "rows out of order at {span:?}");
        after = span.offset + span.len;
        assert!(after <= data.len() as u64, "{span:?} past the end");
    }
    // The header recogniser takes any row.
    if let Some(CsvRow::Row(fields, ..)) = whole.first() {
        let _ = fields.len();
    }
}

fn decode_chunks(chunks: &[&[u8]]) -> (Vec<u8>, Option<String>, Option<String>) {
    let mut decoder = Decoder::new();
    let mut text = Vec::new();
    for chunk in chunks {
        decoder.push(chunk, &mut |t| text.extend_from_slice(t));
    }
    decoder.finish(&mut |t| text.extend_from_slice(t));
    (
        text,
        decoder.describe(),
        decoder.error().map(str::to_string),
    )
}

/// Target `decode`: gzip and UTF-16 decoding. The text does not depend on the chunking,
/// UTF-16 always becomes valid UTF-8, and plain bytes pass through untouched.
pub fn decode(data: &[u8]) {
    let whole = decode_chunks(&[data]);
    let cut = decode_chunks(&chunking(data));
    assert_eq!(whole.1, cut.1, "the chunking changed the encoding found");
    assert_eq!(
        whole.2.is_some(),
        cut.2.is_some(),
        "the chunking changed whether decoding failed: {:?} / {:?}",
        whole.2,
        cut.2
    );
    assert!(whole.0 == cut.0, "the chunking changed the text");
    match whole.1.as_deref() {
        None => assert!(whole.0 == data, "plain bytes must pass through"),
        Some(how) if how.contains("UTF-16") => {
            assert!(
                std::str::from_utf8(&whole.0).is_ok(),
                "UTF-16 must become UTF-8"
            );
        }
        Some(_) => {}
    }
}

/// Reads the session target's instructions from the input.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u32(&mut self) -> u32 {
        let mut n = 0u32;
        for _ in 0..4 {
            n = n << 8 | u32::from(self.byte().unwrap_or(0));
        }
        n
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }
    fn text(&mut self) -> String {
        let n = usize::from(self.byte().unwrap_or(0) % 24);
        String::from_utf8_lossy(self.take(n)).into_owned()
    }
}

/// Target `session`: the worker's request handling, driven by the input: files begun,
/// fed, ended, batched and cancelled in any order, and queries, windows, events and
/// timelines asked at any time. Every answer must cross the worker boundary as JSON and
/// come back the same, and the overview must add up.
pub fn session(data: &[u8]) {
    let mut s = Session::new();
    let mut input = Bytes(data);
    let mut files = 0u32;
    while let Some(op) = input.byte() {
        let request = match op % 10 {
            0 => {
                files += 1;
                let size = (op & 0x80 != 0).then(|| u64::from(input.u32()) << 2);
                Request::BeginFile {
                    name: format!("file{files}.json"),
                    size,
                }
            }
            1 | 2 => {
                let n = usize::from(input.byte().unwrap_or(0)) * 16 + 1;
                if let Some(answer) = s.push(input.take(n)) {
                    round_trip(&answer);
                }
                continue;
            }
            3 => Request::EndFile,
            4 => Request::EndBatch,
            5 => Request::Cancel,
            6 => {
                let flags = input.byte().unwrap_or(0);
                let activity = (flags & 0x40 != 0)
                    .then(|| s.log().events.first().map(|e| e.activity.to_string()))
                    .flatten();
                Request::Query(Query {
                    search: input.text(),
                    status: Status::ALL.get(usize::from(flags % 8)).copied(),
                    activity,
                    sort: Sort {
                        column: Column::ALL[usize::from(flags >> 3 & 7) % Column::ALL.len()],
                        descending: flags & 0x80 != 0,
                    },
                    hide_skipped: flags & 0x20 != 0,
                    ..Query::default()
                })
            }
            7 => Request::Rows {
                start: input.u32() % 64,
                count: input.u32(),
            },
            8 => Request::Event {
                index: input.u32() % 64,
            },
            _ => {
                let identity = match input.byte().unwrap_or(0) % 3 {
                    0 => input.text(),
                    n => s
                        .log()
                        .events
                        .get(usize::from(n))
                        .map(|e| e.identity_label().to_string())
                        .unwrap_or_default(),
                };
                Request::Timeline { identity }
            }
        };
        round_trip(&request);
        if let Some(answer) = s.handle(request) {
            round_trip(&answer);
            check_answer(&s, &answer);
        }
    }
}

/// An answer as the page sees it: what it decodes encodes to the same JSON again.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) {
    let text = serde_json::to_string(value).expect("an answer encodes as JSON");
    let back: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("an answer does not decode ({e}): {text}"));
    let again = serde_json::to_string(&back).expect("encodes again");
    assert_eq!(again, text, "an answer changed across the worker boundary");
}

fn check_answer(s: &Session, answer: &Response) {
    match answer {
        Response::Loaded(overview) => {
            let records: u64 = overview.files.iter().map(|f| f.records).sum();
            assert_eq!(records, s.log().records());
            assert_eq!(overview.summary.events, s.log().events.len() as u64);
        }
        Response::Matched { total, of } => assert!(total <= of),
        Response::Rows { rows, .. } => {
            for row in rows {
                assert!((row.index as usize) < s.log().events.len());
            }
        }
        _ => {}
    }
}

/// Runs the check of the target called `target` (the replay of a saved corpus file).
pub fn check(target: &str, data: &[u8]) {
    match target {
        "split" => split(data),
        "csv" => csv(data),
        "decode" => decode(data),
        "session" => session(data),
        // `load`, `csv_import` and the importer targets share the loader's check.
        importer => import(importer, data),
    }
}

/// The bad inputs of the catalogue (`tests/bad_inputs.rs`, and the CLI's) too large to
/// check in, made at test time: their names (as the admin would have them) and bytes.
pub const GENERATED_BAD_INPUTS: [&str; 4] = [
    "one-line-100mb.json",
    "one-line-100mb.txt",
    "nested-100000-objects.json",
    "nested-100000-arrays.json",
];

/// A small provisioning record, `id` `evt-<n>`.
pub fn record(n: u32) -> String {
    format!(
        r#"{{"id":"evt-{n}","activityDateTime":"2024-03-01T10:00:00Z","jobId":"scim.job1","changeId":"chg-{n}","provisioningAction":"create","provisioningStatusInfo":{{"status":"success"}},"sourceIdentity":{{"id":"src-{n}","details":{{"userPrincipalName":"user{n}@contoso.com"}}}},"provisioningSteps":[]}}"#
    )
}

/// The bytes of the generated bad input called `name` (one of [`GENERATED_BAD_INPUTS`]).
pub fn generated_bad_input(name: &str) -> Vec<u8> {
    const MB100: usize = 100_000_000;
    const DEEP: usize = 100_000;
    let mut out = Vec::new();
    match name {
        // A portal download on one line whose second record is 100 MB long.
        "one-line-100mb.json" => {
            out.extend_from_slice(
                format!("[{},{{\"id\":\"evt-2\",\"note\":\"", record(1)).as_bytes(),
            );
            out.resize(out.len() + MB100, b'x');
            out.extend_from_slice(format!("\"}},{}]", record(3)).as_bytes());
        }
        // 100 MB of text on one line, no JSON, no CSV.
        "one-line-100mb.txt" => {
            out.extend_from_slice(b"Provisioning log ");
            out.resize(MB100, b'x');
        }
        // Records around one nested 100,000 objects deep.
        "nested-100000-objects.json" => {
            out.extend_from_slice(format!("[{},", record(1)).as_bytes());
            out.extend(std::iter::repeat_n(&b"{\"a\":"[..], DEEP).flatten());
            out.push(b'1');
            out.extend(std::iter::repeat_n(b'}', DEEP));
            out.extend_from_slice(format!(",{}]", record(3)).as_bytes());
        }
        // The same with arrays.
        "nested-100000-arrays.json" => {
            out.extend_from_slice(format!("[{},", record(1)).as_bytes());
            out.extend(std::iter::repeat_n(b'[', DEEP));
            out.extend(std::iter::repeat_n(b']', DEEP));
            out.extend_from_slice(format!(",{}]", record(3)).as_bytes());
        }
        other => panic!("no generated bad input {other}"),
    }
    out
}
