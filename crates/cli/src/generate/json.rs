//! A small JSON writer into a string: it places commas and escapes, and indents when asked.
//! The generator writes JSON by hand with it rather than building `serde_json` values.

use std::fmt::Write as _;

/// JSON text being written; `buf` is taken out (and cleared) by the caller as it goes.
pub(super) struct Json {
    pub(super) buf: String,
    pretty: bool,
    /// One entry per open object or array: whether it has a member yet.
    open: Vec<bool>,
    after_key: bool,
}

impl Json {
    /// A writer that indents by two spaces when `pretty`, and writes no whitespace otherwise.
    pub(super) fn new(pretty: bool) -> Self {
        Json {
            buf: String::with_capacity(8192),
            pretty,
            open: Vec::new(),
            after_key: false,
        }
    }

    /// Opens an object (`'{'`) or an array (`'['`).
    pub(super) fn open(&mut self, bracket: char) {
        self.separate();
        self.buf.push(bracket);
        self.open.push(false);
    }

    /// Closes what [`Json::open`] opened, with the matching bracket.
    pub(super) fn close(&mut self, bracket: char) {
        if self.open.pop() == Some(true) {
            self.newline(self.open.len());
        }
        self.buf.push(bracket);
    }

    /// A member's key, inside an object; its value comes next.
    pub(super) fn key(&mut self, key: &str) {
        self.separate();
        self.escaped(key);
        self.buf.push_str(if self.pretty { ": " } else { ":" });
        self.after_key = true;
    }

    pub(super) fn str(&mut self, value: &str) {
        self.separate();
        self.escaped(value);
    }

    pub(super) fn number(&mut self, value: u64) {
        self.separate();
        let _ = write!(self.buf, "{value}");
    }

    pub(super) fn bool(&mut self, value: bool) {
        self.separate();
        self.buf.push_str(if value { "true" } else { "false" });
    }

    pub(super) fn null(&mut self) {
        self.separate();
        self.buf.push_str("null");
    }

    /// `"key": "value"`.
    pub(super) fn field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.str(value);
    }

    /// `"key": "value"`, or `"key": null` for `None`.
    pub(super) fn field_or_null(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(value) => self.str(value),
            None => self.null(),
        }
    }

    /// `"key": {…}`: an object whose members are all strings.
    pub(super) fn object<K: AsRef<str>, V: AsRef<str>>(&mut self, key: &str, members: &[(K, V)]) {
        self.key(key);
        self.open('{');
        for (k, v) in members {
            self.field(k.as_ref(), v.as_ref());
        }
        self.close('}');
    }

    /// Comma, newline and indentation before a value or key, as its position needs.
    fn separate(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(has_members) = self.open.last_mut() {
            if *has_members {
                self.buf.push(',');
            }
            *has_members = true;
            self.newline(self.open.len());
        }
    }

    fn newline(&mut self, depth: usize) {
        if self.pretty {
            self.buf.push('\n');
            for _ in 0..depth {
                self.buf.push_str("  ");
            }
        }
    }

    fn escaped(&mut self, s: &str) {
        self.buf.push('"');
        for c in s.chars() {
            match c {
                '"' => self.buf.push_str("\\\""),
                '\\' => self.buf.push_str("\\\\"),
                '\n' => self.buf.push_str("\\n"),
                '\r' => self.buf.push_str("\\r"),
                '\t' => self.buf.push_str("\\t"),
                c if c < ' ' => {
                    let _ = write!(self.buf, "\\u{:04x}", c as u32);
                }
                c => self.buf.push(c),
            }
        }
        self.buf.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(pretty: bool) -> String {
        let mut json = Json::new(pretty);
        json.open('{');
        json.field("quote\"", "back\\slash\n\u{1}é");
        json.key("list");
        json.open('[');
        json.number(1);
        json.null();
        json.open('{');
        json.close('}');
        json.close(']');
        json.object("o", &[("a", "b")]);
        json.close('}');
        json.buf
    }

    #[test]
    fn minified_output_escapes_and_separates() {
        assert_eq!(
            sample(false),
            r#"{"quote\"":"back\\slash\n\u0001é","list":[1,null,{}],"o":{"a":"b"}}"#
        );
    }

    #[test]
    fn pretty_output_is_the_same_json() {
        let pretty = sample(true);
        assert!(pretty.contains("\n  \"list\": [\n    1,"), "{pretty}");
        let a: serde_json::Value = serde_json::from_str(&pretty).expect("valid JSON");
        let b: serde_json::Value = serde_json::from_str(&sample(false)).expect("valid JSON");
        assert_eq!(a, b);
    }
}
