//! A small CSV writer into a string, as the portal writes its downloads: a field is quoted
//! only when it holds a comma, a quote or a line break (quotes doubled inside), and rows end
//! with CRLF.

/// CSV text being written; `buf` is taken out (and cleared) by the caller as it goes.
pub(super) struct Csv {
    pub(super) buf: String,
    /// True at the start of a row: no comma before the next field.
    row_start: bool,
}

impl Csv {
    pub(super) fn new() -> Self {
        Csv {
            buf: String::with_capacity(8192),
            row_start: true,
        }
    }

    /// Appends one field to the row.
    pub(super) fn field(&mut self, value: &str) {
        if !self.row_start {
            self.buf.push(',');
        }
        self.row_start = false;
        if value.contains([',', '"', '\n', '\r']) {
            self.buf.push('"');
            self.buf.push_str(&value.replace('"', "\"\""));
            self.buf.push('"');
        } else {
            self.buf.push_str(value);
        }
    }

    /// `n` empty fields.
    pub(super) fn empty(&mut self, n: usize) {
        for _ in 0..n {
            self.field("");
        }
    }

    /// Ends the row.
    pub(super) fn end_row(&mut self) {
        self.buf.push_str("\r\n");
        self.row_start = true;
    }

    /// A whole row of fields.
    pub(super) fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        for f in fields {
            self.field(f.as_ref());
        }
        self.end_row();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_where_needed() {
        let mut csv = Csv::new();
        csv.row(&["plain", "a, b", "say \"hi\"", "two\nlines", ""]);
        csv.field("x");
        csv.empty(2);
        csv.end_row();
        assert_eq!(
            csv.buf,
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\nx,,\r\n"
        );
    }
}
