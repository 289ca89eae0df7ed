//! The record as it was in its file, for the details' Raw tab.
//!
//! Every event keeps where its record sits in its file ([`crate::event::Span`]: byte offset,
//! length, line) and which file it came from; the files themselves are not kept. Whoever
//! still holds a file (the browser's reader holds the dropped `File`s) reads the record's
//! bytes again on demand: [`plan`] says which bytes, [`from_file`] shows them (a JSON record
//! pretty-printed with its members in their order and its values untouched; a CSV row as it
//! is, under its file's line of column names).
//!
//! Where no byte-exact slice exists the event's model is shown instead, with one line saying
//! why: a file read through gzip or UTF-16 (its offsets are in the decoded text), one row of a
//! Log Analytics query result (the whole table is one record), a record too large to show, or
//! a file that could not be read again.

use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::formats::Format;
use crate::log::Log;
use crate::text::thousands;

/// Records larger than this are not read again (the model is shown instead).
pub const MAX_RAW_BYTES: u64 = 4 << 20;

/// What the Raw tab shows of one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RawRecord {
    /// The event's index in the log.
    pub index: u32,
    /// The text shown (and copied).
    pub text: String,
    /// True when `text` is the record as it is in the file; false when it is the event's
    /// model as JSON.
    pub original: bool,
    /// One line for the admin: why the model is shown, or what to know about the record.
    pub note: Option<String>,
    /// Where the record is: "page.json, line 3, bytes 120–4,500".
    pub place: String,
}

/// A run of bytes of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByteRange {
    /// The first byte's offset.
    pub offset: u64,
    /// How many bytes.
    pub len: u64,
}

/// How to show an event's record.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// Read these bytes of file `file` (for a CSV row: the line of column names, then the
    /// row), then call [`from_file`] with them.
    Read {
        /// The file's index in the log.
        file: u32,
        /// The bytes to read, in order.
        ranges: Vec<ByteRange>,
    },
    /// No byte-exact slice exists: this is what to show.
    Model(Box<RawRecord>),
}

/// Which bytes show event `index`'s record, or what to show without them. `None` when there
/// is no such event.
pub fn plan(log: &Log, index: u32) -> Option<Plan> {
    let event = log.events.get(index as usize)?;
    let report = log.files.get(event.file as usize)?;
    if let Some(encoding) = &report.encoding {
        let why = format!(
            "This file is {encoding}: provlens read its decoded text, so the record has no \
             byte-exact place in the file. Shown: the event as provlens read it (its model)."
        );
        return Some(Plan::Model(Box::new(model(log, index, event, why))));
    }
    if report.format == Format::LogAnalyticsJson && shares_its_record(log, index) {
        return Some(Plan::Model(Box::new(table_row(log, index, event))));
    }
    if event.span.len > MAX_RAW_BYTES {
        let why = format!(
            "The record is {} bytes, too large to show here. Shown: the event as provlens read \
             it (its model).",
            thousands(event.span.len)
        );
        return Some(Plan::Model(Box::new(model(log, index, event, why))));
    }
    let row = ByteRange {
        offset: event.span.offset,
        len: event.span.len,
    };
    let ranges = match (is_csv(report.format), report.header) {
        (true, Some(header)) => vec![
            ByteRange {
                offset: header.offset,
                len: header.len,
            },
            row,
        ],
        _ => vec![row],
    };
    Some(Plan::Read {
        file: event.file,
        ranges,
    })
}

/// Shows event `index`'s record from the bytes [`plan`] asked for, read from its file.
/// `None` when there is no such event.
pub fn from_file(log: &Log, index: u32, parts: &[Vec<u8>]) -> Option<RawRecord> {
    let event = log.events.get(index as usize)?;
    let report = log.files.get(event.file as usize)?;
    let place = place(log, event);
    if is_csv(report.format) {
        let lines: Vec<String> = parts
            .iter()
            .map(|p| {
                let line = String::from_utf8_lossy(trim_line_end(p));
                line.trim_start_matches('\u{FEFF}').to_string()
            })
            .collect();
        let whole = parts
            .last()
            .is_some_and(|row| row.len() as u64 == event.span.len);
        let (Some(row), true) = (lines.last(), whole) else {
            return Some(changed(log, index, event));
        };
        let mut note = if lines.len() > 1 {
            "The row as it is in the file, under the file's line of column names.".to_string()
        } else {
            "The row as it is in the file.".to_string()
        };
        if report.format == Format::PortalProvisioningCsv
            && (!event.steps.is_empty() || !event.modified.is_empty())
        {
            note.push_str(
                " Its steps and modified properties were joined from the download's steps and \
                 properties files (the other tabs show them).",
            );
        }
        let text = if lines.len() > 1 {
            format!("{}\n{row}", lines[0])
        } else {
            row.clone()
        };
        return Some(RawRecord {
            index,
            text,
            original: true,
            note: Some(note),
            place,
        });
    }
    let bytes = parts.first().map_or(&[][..], Vec::as_slice);
    let starts_as_object = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    if !starts_as_object || bytes.len() as u64 != event.span.len {
        return Some(changed(log, index, event));
    }
    if report.format == Format::LogAnalyticsJson && is_table(bytes) {
        return Some(table_row(log, index, event));
    }
    let note = match report.format {
        Format::LogAnalyticsJson => Some(
            "Log Analytics keeps steps and properties as JSON text in its columns: the other \
             tabs show them decoded."
                .to_string(),
        ),
        _ => None,
    };
    Some(RawRecord {
        index,
        text: pretty_json(bytes),
        original: true,
        note,
        place,
    })
}

/// True when the events next to event `index` came from the same record (rows of one
/// query result table).
fn shares_its_record(log: &Log, index: u32) -> bool {
    let i = index as usize;
    let Some(event) = log.events.get(i) else {
        return false;
    };
    let same = |j: usize| {
        log.events
            .get(j)
            .is_some_and(|o| o.file == event.file && o.span == event.span)
    };
    (i > 0 && same(i - 1)) || same(i + 1)
}

/// True when a record is a query result (`{"tables": [...]}`) rather than one row.
fn is_table(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(bytes)
        .is_ok_and(|m| m.contains_key("tables"))
}

/// The model of a row of a query result table, which has no record of its own.
fn table_row(log: &Log, index: u32, event: &Event) -> RawRecord {
    let why = "This event is one row of a Log Analytics query result, whose rows are all one \
               record of the file. Shown: the event as provlens read it (its model)."
        .to_string();
    model(log, index, event, why)
}

/// What to show when event `index`'s file could not be read again (`why`).
pub fn unread(log: &Log, index: u32, why: &str) -> Option<RawRecord> {
    let event = log.events.get(index as usize)?;
    let why = format!(
        "The file could not be read again ({why}). Shown: the event as provlens read it (its \
         model)."
    );
    Some(model(log, index, event, why))
}

/// The model shown because the bytes at the record's place are not the record (the file
/// changed on disk since it was loaded).
fn changed(log: &Log, index: u32, event: &Event) -> RawRecord {
    model(
        log,
        index,
        event,
        "The file no longer holds this record at its place (was it changed since it was \
         loaded?). Shown: the event as provlens read it (its model)."
            .to_string(),
    )
}

fn model(log: &Log, index: u32, event: &Event, why: String) -> RawRecord {
    RawRecord {
        index,
        // Plain data with string keys: serialising it cannot fail.
        text: serde_json::to_string_pretty(event).unwrap_or_default(),
        original: false,
        note: Some(why),
        place: place(log, event),
    }
}

/// "page.json, line 3, bytes 120–4,500".
fn place(log: &Log, event: &Event) -> String {
    let name = log
        .files
        .get(event.file as usize)
        .map_or("(unknown file)", |f| f.name.as_str());
    let span = event.span;
    if span.len == 0 {
        return format!("{name}, line {}", thousands(span.line));
    }
    format!(
        "{name}, line {}, bytes {}–{}",
        thousands(span.line),
        thousands(span.offset),
        thousands(span.offset + span.len)
    )
}

fn is_csv(format: Format) -> bool {
    matches!(
        format,
        Format::PortalProvisioningCsv | Format::AuditCsv | Format::LogAnalyticsCsv
    )
}

fn trim_line_end(b: &[u8]) -> &[u8] {
    let mut n = b.len();
    while n > 0 && matches!(b[n - 1], b'\r' | b'\n') {
        n -= 1;
    }
    &b[..n]
}

/// A JSON text indented two spaces a level, one member or element a line: only the blanks
/// between tokens change, so the members keep their order and every value its spelling
/// (numbers, escapes). Text that is not JSON comes out re-spaced but whole.
pub fn pretty_json(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let (mut in_string, mut escape) = (false, false);
    let mut chars = text.chars().peekable();
    let blank = |c: &char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escape {
                escape = false;
            } else if c == '\\' {
                escape = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(blank) {
                    chars.next();
                }
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    // An empty object or array stays `{}` / `[]`.
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if blank(&c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_json_keeps_order_spelling_and_strings() {
        let text = br#"{"b":1.50,"a":[ ],"s":"x, {y}: \"z\" \\","o":{"k":[1,2e3,null]},"e":{}}"#;
        let pretty = pretty_json(text);
        assert_eq!(
            pretty,
            "{\n  \"b\": 1.50,\n  \"a\": [],\n  \"s\": \"x, {y}: \\\"z\\\" \\\\\",\n  \"o\": {\n    \"k\": [\n      1,\n      2e3,\n      null\n    ]\n  },\n  \"e\": {}\n}"
        );
        let a: serde_json::Value = serde_json::from_slice(text).expect("json");
        let b: serde_json::Value = serde_json::from_str(&pretty).expect("json");
        assert_eq!(a, b);
    }

    #[test]
    fn a_query_result_is_a_table_and_a_row_is_not() {
        assert!(is_table(br#"{"tables":[{"columns":[],"rows":[]}]}"#));
        assert!(!is_table(
            br#"{"TimeGenerated":"2026-10-05T07:33:12Z","Id":"x"}"#
        ));
        assert!(!is_table(b"not json"));
    }
}
