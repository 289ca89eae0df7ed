//! Stores a generated file as an admin may have it: gzip-compressed (a `.gz` download or
//! archive) and/or as UTF-16LE with a BOM (Excel's "Unicode text", Windows PowerShell 5's
//! `Out-File` and `>`). UTF-16 is applied first, so `--gzip --utf16` is a gzip of UTF-16 text.

use std::io::{self, Write};

use flate2::write::GzEncoder;
use flate2::Compression;

/// The UTF-8 byte-order mark, which becomes the UTF-16 one.
const BOM: &str = "\u{feff}";

/// Where the (transcoded) bytes go.
enum Sink<'a> {
    Plain(&'a mut dyn Write),
    Gzip(GzEncoder<&'a mut dyn Write>),
}

/// A writer of UTF-8 text that stores it as asked; call [`Encoded::finish`] at the end.
pub(super) struct Encoded<'a> {
    sink: Sink<'a>,
    /// `Some` when transcoding to UTF-16LE: the bytes of a character cut between writes.
    utf16: Option<Vec<u8>>,
    started: bool,
}

impl<'a> Encoded<'a> {
    pub(super) fn new(out: &'a mut dyn Write, gzip: bool, utf16: bool) -> Self {
        Encoded {
            sink: if gzip {
                Sink::Gzip(GzEncoder::new(out, Compression::default()))
            } else {
                Sink::Plain(out)
            },
            utf16: utf16.then(Vec::new),
            started: false,
        }
    }

    /// Writes a piece of UTF-8 text (pieces may cut a character in two).
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Plain(w) => w.write_all(bytes),
            Sink::Gzip(w) => w.write_all(bytes),
        }
    }

    /// Ends the file: the gzip trailer, then a flush.
    pub(super) fn finish(mut self) -> io::Result<()> {
        if self.utf16.as_ref().is_some_and(|p| !p.is_empty()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the text ends inside a UTF-8 character",
            ));
        }
        if !self.started && self.utf16.is_some() {
            // Even an empty file gets its BOM.
            self.put(&[0xFF, 0xFE])?;
        }
        match self.sink {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.finish()?.flush(),
        }
    }
}

impl Write for Encoded<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let Some(pending) = &mut self.utf16 else {
            self.started = true;
            self.put(bytes)?;
            return Ok(bytes.len());
        };
        pending.extend_from_slice(bytes);
        let text = std::mem::take(pending);
        let valid = match std::str::from_utf8(&text) {
            Ok(s) => s.len(),
            // A character cut at the end waits for its other bytes.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
        };
        let (done, rest) = text.split_at(valid);
        let mut s =
            std::str::from_utf8(done).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let mut out = Vec::with_capacity(2 * s.len() + 2);
        if !self.started && !s.is_empty() {
            self.started = true;
            out.extend_from_slice(&[0xFF, 0xFE]);
            // A UTF-8 BOM of the text (CSV) is the UTF-16 BOM just written.
            s = s.strip_prefix(BOM).unwrap_or(s);
        }
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        let rest = rest.to_vec();
        self.put(&out)?;
        self.utf16 = Some(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn encode(pieces: &[&[u8]], gzip: bool, utf16: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = Encoded::new(&mut out, gzip, utf16);
        for p in pieces {
            e.write_all(p).expect("write");
        }
        e.finish().expect("finish");
        out
    }

    #[test]
    fn utf16_has_a_bom_and_joins_cut_characters() {
        let text = "\u{feff}Zoë 😀";
        let bytes = text.as_bytes();
        // Cut inside ë and inside the emoji.
        let out = encode(&[&bytes[..6], &bytes[6..9], &bytes[9..]], false, true);
        let units: Vec<u16> = out
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        assert_eq!(String::from_utf16(&units).expect("UTF-16"), text);
        assert_eq!(encode(&[], false, true), [0xFF, 0xFE]);
    }

    #[test]
    fn gzip_inflates_to_the_text() {
        let out = encode(&[b"hello ", b"world"], true, false);
        assert_eq!(&out[..2], &[0x1F, 0x8B]);
        let mut text = String::new();
        flate2::read::GzDecoder::new(&out[..])
            .read_to_string(&mut text)
            .expect("gzip");
        assert_eq!(text, "hello world");
    }
}
