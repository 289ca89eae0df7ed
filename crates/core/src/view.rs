//! The view a link carries in its `#hash`: filters, search, sort, visible columns and the
//! selected identity — never data. Dropping the same files on a page opened from the link
//! shows the same view.
//!
//! The hash reads like a query string, `#q=adele&status=failure&sort=time.asc`, with each
//! value percent-encoded; anything unknown or malformed is ignored, so an edited or old link
//! still opens.

use serde::{Deserialize, Serialize};

use crate::event::Status;
use crate::query::{Column, Query, Sort};
use crate::time::Timestamp;

/// What the page shows, apart from the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewState {
    /// Filters, search and sort.
    pub query: Query,
    /// Visible grid columns, in order (empty: the default ones).
    pub columns: Vec<String>,
    /// The identity whose timeline is open.
    pub identity: Option<String>,
}

impl ViewState {
    /// The hash, without the leading `#`; empty for the default view.
    pub fn to_hash(&self) -> String {
        let q = &self.query;
        let mut parts: Vec<(&str, String)> = Vec::new();
        let mut put = |key: &'static str, value: Option<String>| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                parts.push((key, v));
            }
        };
        put("q", Some(q.search.clone()));
        put("status", q.status.map(|s| s.as_str().to_string()));
        put("activity", q.activity.clone());
        put("from", q.from.map(|t| t.to_string()));
        put("to", q.to.map(|t| t.to_string()));
        put("job", q.job.clone());
        put("cycle", q.cycle.clone());
        put("change", q.change.clone());
        put("source", q.source_system.clone());
        put("target", q.target_system.clone());
        put("app", q.app.clone());
        put("hide", q.hide_skipped.then(|| "skipped".to_string()));
        if q.sort != Sort::default() {
            put(
                "sort",
                Some(format!(
                    "{}.{}",
                    q.sort.column.as_str(),
                    if q.sort.descending { "desc" } else { "asc" }
                )),
            );
        }
        put("cols", Some(self.columns.join(",")));
        put("id", self.identity.clone());
        parts
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads a hash (with or without its `#`); what it cannot read is left at the default.
    pub fn from_hash(hash: &str) -> ViewState {
        let mut view = ViewState::default();
        let q = &mut view.query;
        for pair in hash.trim_start_matches('#').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(value) = decode(value).filter(|v| !v.is_empty()) else {
                continue;
            };
            match key {
                "q" => q.search = value,
                "status" => q.status = Status::parse(&value),
                "activity" => q.activity = Some(value),
                "from" => q.from = Timestamp::parse(&value),
                "to" => q.to = Timestamp::parse(&value),
                "job" => q.job = Some(value),
                "cycle" => q.cycle = Some(value),
                "change" => q.change = Some(value),
                "source" => q.source_system = Some(value),
                "target" => q.target_system = Some(value),
                "app" => q.app = Some(value),
                "hide" => q.hide_skipped = value == "skipped",
                "sort" => {
                    let (column, direction) = value.split_once('.').unwrap_or((&value, "asc"));
                    if let Some(column) = Column::parse(column) {
                        q.sort = Sort {
                            column,
                            descending: direction == "desc",
                        };
                    }
                }
                "cols" => {
                    view.columns = value
                        .split(',')
                        .map(str::to_string)
                        .filter(|c| !c.is_empty())
                        .collect()
                }
                "id" => view.identity = Some(value),
                _ => {}
            }
        }
        view
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decodes; `None` when the result is not UTF-8.
fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_survives_its_link() {
        let view = ViewState {
            query: Query {
                search: "Adèle Vance & co=1".into(),
                status: Some(Status::Failure),
                from: Timestamp::parse("2026-10-01T00:00:00Z"),
                job: Some("scim.abc#1".into()),
                hide_skipped: true,
                sort: Sort {
                    column: Column::Identity,
                    descending: false,
                },
                ..Query::default()
            },
            columns: vec!["time".into(), "identity".into(), "status".into()],
            identity: Some("5e6c9rae-ab4d".into()),
        };
        let hash = view.to_hash();
        // Values are encoded: no space or `#`, and each part has exactly one `=`.
        assert!(!hash.contains([' ', '#']), "{hash}");
        assert!(
            hash.split('&').all(|p| p.matches('=').count() == 1),
            "{hash}"
        );
        assert_eq!(ViewState::from_hash(&format!("#{hash}")), view);
    }

    #[test]
    fn the_default_view_is_an_empty_hash_and_garbage_is_ignored() {
        assert_eq!(ViewState::default().to_hash(), "");
        let view =
            ViewState::from_hash("#status=nonsense&sort=nope.desc&%zz=1&q=%E2%82%AC&id=%FF&bogus");
        assert_eq!(view.query.status, None);
        assert_eq!(view.query.sort, Sort::default());
        assert_eq!(view.query.search, "€");
        assert_eq!(view.identity, None);
    }
}
