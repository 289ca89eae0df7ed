//! Splits a JSON byte stream into records without ever holding the whole file: a top-level
//! array (`[{…},{…}]`), an envelope (`{"@odata.context":…,"value":[…]}` or
//! `{"records":[…]}`), one object, or JSON lines / concatenated objects.
//!
//! The splitter tracks only nesting depth and string state, so it is fast and never fails on
//! a record's content; each record's bytes are then deserialised on their own, and a bad one
//! is skipped without losing its neighbours.

use crate::event::Span;

/// Records larger than this are skipped rather than buffered (a 100 MB single line of
/// garbage must not take the tab down).
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Head bytes of an envelope kept for detection (`@odata.context`, …).
const MAX_HEAD_BYTES: usize = 64 << 10;

/// What the splitter found.
#[derive(Debug)]
pub enum Piece<'a> {
    /// The envelope's members before its records array, e.g. `{"@odata.context": "…", "value": `.
    Head(&'a [u8]),
    /// The shape of the top-level value, reported once per top-level value.
    Container(Container),
    /// One record's bytes.
    Record(&'a [u8], Span),
    /// A record too large to buffer, skipped.
    Oversized(Span),
    /// Bytes that cannot start a JSON value where one was expected.
    Unexpected {
        /// Where.
        span: Span,
        /// The byte found.
        found: u8,
    },
}

/// The shape around the records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// A bare top-level array of records.
    Array,
    /// An object whose `value` / `records` member holds the records.
    Envelope,
    /// A single top-level object (or one of several, as JSON lines).
    Object,
}

/// Where the splitter is, between bytes.
#[derive(Debug, Default)]
pub struct Splitter {
    /// Absolute offset of the next byte.
    offset: u64,
    /// Line of the next byte (1-based).
    line: u64,
    /// Open containers.
    depth: u32,
    in_string: bool,
    escape: bool,
    /// Depth of the array whose elements are records, while inside one.
    records_at: Option<u32>,
    /// The record being read: where it started.
    record: Option<Span>,
    /// Index in the current chunk where the open record's bytes start.
    chunk_start: usize,
    /// Bytes of the open record carried over from earlier chunks.
    carry: Vec<u8>,
    /// The open record outgrew [`MAX_RECORD_BYTES`]: its bytes are dropped.
    oversized: bool,
    /// The current top-level value is an object that may turn out to be an envelope.
    top_object: bool,
    /// Inside the top-level object: the member key being read / last read.
    key: Vec<u8>,
    reading_key: bool,
    expect_key: bool,
    /// After an unexpected byte at the top level: skip to the end of the line.
    skip_line: bool,
}

impl Splitter {
    /// A splitter at the start of a file.
    pub fn new() -> Self {
        Splitter {
            line: 1,
            ..Default::default()
        }
    }

    /// Absolute offset of the next byte.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Line of the next byte.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// True when the input so far ends between top-level values (nothing open).
    pub fn at_rest(&self) -> bool {
        self.depth == 0 && !self.in_string && self.record.is_none()
    }

    /// Where the open record (if any) started.
    pub fn open_record(&self) -> Option<Span> {
        self.record
    }

    /// Feeds the next chunk; `out` receives every piece completed in it, in order.
    pub fn push(&mut self, chunk: &[u8], out: &mut dyn FnMut(Piece<'_>)) {
        self.chunk_start = 0;
        let base = self.offset;
        let mut i = 0;
        while i < chunk.len() {
            if self.in_string && !self.escape && !self.reading_key {
                // Most bytes are inside strings: jump to the next one that matters.
                match string_stop(&chunk[i..]) {
                    Some(n) => i += n,
                    None => break,
                }
            } else if !self.in_string && self.inside_a_member() {
                i = self.skim(chunk, i);
                if i == chunk.len() {
                    break;
                }
            }
            let (at, c) = (i, chunk[i]);
            i += 1;
            // Keep `offset` pointing at the byte being looked at.
            self.offset = base + at as u64;
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if c == b'"' {
                    self.in_string = false;
                    self.reading_key = false;
                } else if c == b'\\' {
                    self.escape = true;
                } else if c == b'\n' {
                    self.line += 1;
                } else if self.reading_key && self.key.len() < 64 {
                    self.key.push(c);
                }
                continue;
            }
            if self.skip_line {
                if c == b'\n' {
                    self.skip_line = false;
                    self.line += 1;
                }
                continue;
            }
            let here = Span {
                offset: self.offset,
                len: 0,
                line: self.line,
            };
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                // A UTF-8 BOM between JSON lines (files joined with `cat`).
                0xEF | 0xBB | 0xBF if self.depth == 0 => {}
                b'{' | b'[' => {
                    if self.depth == 0 {
                        self.top_object = c == b'{';
                        self.expect_key = true;
                        self.key.clear();
                        if c == b'[' {
                            self.records_at = Some(1);
                            out(Piece::Container(Container::Array));
                        } else {
                            // Maybe a single record: capture it until it proves an envelope.
                            self.open(here, at);
                        }
                    } else if self.depth == 1
                        && self.top_object
                        && !self.expect_key
                        && self.is_records_key()
                    {
                        // `"value": [` — an envelope; what was captured so far is its head.
                        self.emit_head(chunk, at + 1, out);
                        self.records_at = Some(2);
                        out(Piece::Container(Container::Envelope));
                    } else if Some(self.depth) == self.records_at && self.record.is_none() {
                        self.open(here, at);
                    }
                    self.depth += 1;
                }
                b'}' | b']' => {
                    if self.depth == 0 {
                        out(Piece::Unexpected {
                            span: here,
                            found: c,
                        });
                        self.skip_line = true;
                        continue;
                    }
                    self.depth -= 1;
                    let closes_records = c == b']' && self.records_at == Some(self.depth + 1);
                    if closes_records {
                        // The records array closed; an open scalar record ends before it.
                        if self.record.is_some() {
                            self.emit(chunk, at, at, out);
                        }
                        self.records_at = None;
                    } else if self.record.is_some() && Some(self.depth) == self.records_at {
                        self.emit(chunk, at, at + 1, out);
                    } else if self.record.is_some() && self.depth == 0 {
                        // A single top-level object that held no records array.
                        out(Piece::Container(Container::Object));
                        self.emit(chunk, at, at + 1, out);
                    }
                    if self.depth == 0 {
                        self.top_object = false;
                    }
                }
                b'"' => {
                    self.in_string = true;
                    if self.depth == 1 && self.top_object && self.expect_key {
                        self.key.clear();
                        // A key closed in this chunk, with no escape or newline in it (every
                        // JSON line's record has a few dozen), is taken whole.
                        match string_stop(&chunk[i..]) {
                            Some(n) if chunk[i + n] == b'"' => {
                                self.key.extend_from_slice(&chunk[i..i + n.min(64)]);
                                self.in_string = false;
                                i += n + 1;
                            }
                            _ => self.reading_key = true,
                        }
                    } else if Some(self.depth) == self.records_at && self.record.is_none() {
                        self.open(here, at);
                    }
                }
                b':' => {
                    if self.depth == 1 && self.top_object {
                        self.expect_key = false;
                    }
                }
                b',' => {
                    if self.depth == 1 && self.top_object {
                        self.expect_key = true;
                    }
                    if self.record.is_some() && Some(self.depth) == self.records_at {
                        // The end of a scalar record.
                        self.emit(chunk, at, at, out);
                    }
                }
                _ => {
                    if self.depth == 0 {
                        out(Piece::Unexpected {
                            span: here,
                            found: c,
                        });
                        self.skip_line = true;
                    } else if Some(self.depth) == self.records_at && self.record.is_none() {
                        self.open(here, at);
                    }
                }
            }
        }
        self.offset = base + chunk.len() as u64;
        // Carry the open record's tail over to the next chunk.
        if self.record.is_some() && !self.oversized {
            self.carry.extend_from_slice(&chunk[self.chunk_start..]);
            if self.carry.len() > MAX_RECORD_BYTES {
                self.oversized = true;
                self.carry = Vec::new();
            }
        }
    }

    /// True inside one of a record's members (deeper than the record itself), where only
    /// brackets, strings and newlines change anything: a comma, a colon or a scalar there
    /// is none of the splitter's business. So inside a member of a top-level object (a JSON
    /// line's record, or an envelope's members beside its records), whose own keys alone
    /// are read.
    fn inside_a_member(&self) -> bool {
        match self.records_at {
            Some(r) => self.record.is_some() && self.depth > r,
            None => self.top_object && self.depth >= 2,
        }
    }

    /// From `i`, inside a record's member and outside any string, passes over strings and
    /// scalars (counting lines as the general loop does) up to the next bracket, which it
    /// leaves to the general loop; the end of the chunk when there is none. A string cut
    /// by the chunk's end leaves the state inside it.
    fn skim(&mut self, chunk: &[u8], mut i: usize) -> usize {
        while let Some(&c) = chunk.get(i) {
            match c {
                b'{' | b'[' | b'}' | b']' => return i,
                b'\n' => self.line += 1,
                b'"' => loop {
                    // Inside the string, after its opening quote or an escaped byte.
                    i += 1;
                    let Some(n) = string_stop(&chunk[i..]) else {
                        self.in_string = true;
                        return chunk.len();
                    };
                    i += n;
                    match chunk[i] {
                        b'"' => break,
                        b'\\' if i + 1 == chunk.len() => {
                            self.in_string = true;
                            self.escape = true;
                            return chunk.len();
                        }
                        // The escaped byte is passed over, uncounted even if a newline.
                        b'\\' => i += 1,
                        _ => self.line += 1,
                    }
                },
                _ => {}
            }
            i += 1;
        }
        i
    }

    fn is_records_key(&self) -> bool {
        self.key.eq_ignore_ascii_case(b"value") || self.key.eq_ignore_ascii_case(b"records")
    }

    fn open(&mut self, span: Span, i: usize) {
        self.record = Some(span);
        self.oversized = false;
        self.carry.clear();
        self.chunk_start = i;
    }

    /// The captured top-level object turned out to be an envelope: hand out its head (up to
    /// and including the records array's `[`) and stop capturing.
    fn emit_head(&mut self, chunk: &[u8], end: usize, out: &mut dyn FnMut(Piece<'_>)) {
        if self.record.take().is_none() {
            return;
        }
        if self.carry.is_empty() {
            out(Piece::Head(&chunk[self.chunk_start..end]));
        } else {
            let room = MAX_HEAD_BYTES.saturating_sub(self.carry.len());
            let take = (end - self.chunk_start).min(room);
            self.carry
                .extend_from_slice(&chunk[self.chunk_start..self.chunk_start + take]);
            out(Piece::Head(&self.carry));
        }
        self.carry.clear();
        self.oversized = false;
    }

    /// Ends the open record at index `end` (exclusive) of this chunk, `i` being the index of
    /// the byte being looked at, and hands it out.
    fn emit(&mut self, chunk: &[u8], i: usize, end: usize, out: &mut dyn FnMut(Piece<'_>)) {
        let Some(mut span) = self.record.take() else {
            return;
        };
        span.len = (self.offset + (end - i) as u64).saturating_sub(span.offset);
        let here = &chunk[self.chunk_start..end];
        if self.oversized || self.carry.len() + here.len() > MAX_RECORD_BYTES {
            out(Piece::Oversized(span));
        } else if self.carry.is_empty() {
            out(Piece::Record(trim_end(here), span));
        } else {
            self.carry.extend_from_slice(here);
            out(Piece::Record(trim_end(&self.carry), span));
        }
        self.carry.clear();
        self.oversized = false;
    }
}

/// Where the first `"`, `\\` or newline of `s` is: the next byte that matters inside a
/// string. Records are mostly short strings (keys, ids), for which a call to memchr costs
/// more than the scan: their first 64 bytes are looked at a word at a time, the rest by
/// memchr.
fn string_stop(s: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The lowest set high bit marks the first byte equal to `b` (higher ones may be false).
    let equal = |w: u64, b: u8| {
        let x = w ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut i = 0;
    while i + 8 <= s.len().min(64) {
        let mut word = [0u8; 8];
        word.copy_from_slice(&s[i..i + 8]);
        let w = u64::from_le_bytes(word);
        let found = equal(w, b'"') | equal(w, b'\\') | equal(w, b'\n');
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    memchr::memchr3(b'"', b'\\', b'\n', &s[i..]).map(|n| i + n)
}

/// Drops JSON's blanks (space, tab, CR, LF; not a form feed, which is no JSON blank) from
/// the end of a record.
fn trim_end(b: &[u8]) -> &[u8] {
    let mut n = b.len();
    while n > 0 && matches!(b[n - 1], b' ' | b'\t' | b'\r' | b'\n') {
        n -= 1;
    }
    &b[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every piece as text, the input fed in chunks of `size`.
    fn pieces(input: &[u8], size: usize) -> Vec<String> {
        let mut splitter = Splitter::new();
        let mut out = Vec::new();
        for chunk in input.chunks(size) {
            splitter.push(chunk, &mut |p| {
                out.push(match p {
                    Piece::Record(b, span) => format!("{span:?} {}", String::from_utf8_lossy(b)),
                    other => format!("{other:?}"),
                })
            });
        }
        out.push(format!("{} {}", splitter.offset(), splitter.line()));
        out
    }

    #[test]
    fn records_split_alike_in_any_chunking_with_escapes_newlines_and_nesting() {
        let record = "{\"a\": \"x\\\"}]{\\\\\",\n \"b\": [1, {\"c\": \"line\nbreak\"}, true],\n \"d\": {\"e\": [[]], \"f\": \"\\\n\"}}";
        for shape in [
            format!("[{record},\n{record} , {record}]"),
            format!("{{\"@odata.context\": \"x\",\n \"value\": [{record},{record}]}}"),
            format!("{record}\n{record}\n"),
        ] {
            let whole = pieces(shape.as_bytes(), shape.len());
            // Lines as the plain state machine counts them: every newline but an escaped one.
            let (mut line, mut in_string, mut escape) = (1, false, false);
            for &b in shape.as_bytes() {
                match b {
                    _ if escape => escape = false,
                    b'\\' if in_string => escape = true,
                    b'"' => in_string = !in_string,
                    b'\n' => line += 1,
                    _ => {}
                }
            }
            assert_eq!(whole.last(), Some(&format!("{} {line}", shape.len())));
            assert!(
                whole.iter().filter(|p| p.starts_with("Span")).count() >= 2,
                "{whole:?}"
            );
            for size in 1..=9 {
                assert_eq!(pieces(shape.as_bytes(), size), whole, "chunks of {size}");
            }
        }
    }

    #[test]
    fn string_stop_finds_what_memchr_finds_at_any_place_and_length() {
        for len in 0..90 {
            for at in 0..=len {
                for stop in [b'"', b'\\', b'\n'] {
                    let mut s = vec![b'a'; len];
                    if at < len {
                        s[at] = stop;
                    }
                    // Bytes near the ones sought, and a stop after the first.
                    s.iter_mut().step_by(7).for_each(|b| *b = b'#');
                    if at < len {
                        s[at] = stop;
                    }
                    if at + 1 < len {
                        s[at + 1] = b'"';
                    }
                    let want = memchr::memchr3(b'"', b'\\', b'\n', &s);
                    assert_eq!(string_stop(&s), want, "{len} {at} {stop}");
                }
            }
        }
    }
}
