//! Sort, filter and search over the log, producing an index vector into `Log::events`
//! (never copies of events). Search is case-insensitive and matches anywhere in any
//! identifier of an event: ids, UPNs, names, reportable identifier, change / cycle / job ids.

use serde::{Deserialize, Serialize};

use crate::event::{Event, Status, Text};
use crate::log::Log;
use crate::time::Timestamp;

/// A grid column that can be sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    /// When it happened.
    #[default]
    Time,
    /// The object (UPN or name).
    Identity,
    /// The action or audit activity.
    Activity,
    /// The outcome.
    Status,
    /// Error code and reason, or the deciding step's description.
    Reason,
}

impl Column {
    /// The grid's columns, in display order.
    pub const ALL: [Column; 5] = [
        Column::Time,
        Column::Identity,
        Column::Activity,
        Column::Status,
        Column::Reason,
    ];

    /// The id used in the `data-column` hook and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Time => "time",
            Column::Identity => "identity",
            Column::Activity => "activity",
            Column::Status => "status",
            Column::Reason => "reason",
        }
    }

    /// The header shown to the admin (the portal's names).
    pub fn label(self) -> &'static str {
        match self {
            Column::Time => "Date",
            Column::Identity => "Target(s)",
            Column::Activity => "Activity",
            Column::Status => "Status",
            Column::Reason => "Status reason",
        }
    }

    /// Reads a column id.
    pub fn parse(s: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A sort order: a column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    /// The column.
    pub column: Column,
    /// Largest first.
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first.
    fn default() -> Self {
        Sort {
            column: Column::Time,
            descending: true,
        }
    }
}

impl Sort {
    /// The order after clicking `column`'s header: the same column reverses, another column
    /// sorts ascending (time starts newest first).
    pub fn clicked(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            Sort {
                column,
                descending: column == Column::Time,
            }
        }
    }
}

/// What the grid shows: filters, search and sort. Every filter is optional; the text
/// filters compare whole values, ignoring case.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// Free text, matched case-insensitively anywhere in any identifier.
    pub search: String,
    /// Only events with this status.
    pub status: Option<Status>,
    /// Only events with this activity (as shown in the Activity column, any case).
    pub activity: Option<String>,
    /// Only events at or after this time.
    pub from: Option<Timestamp>,
    /// Only events before this time.
    pub to: Option<Timestamp>,
    /// Only events of this provisioning job (its id).
    pub job: Option<String>,
    /// Only events of this cycle.
    pub cycle: Option<String>,
    /// Only events of this change (or audit correlation id).
    pub change: Option<String>,
    /// Only events from this source system.
    pub source_system: Option<String>,
    /// Only events to this target system.
    pub target_system: Option<String>,
    /// Only events of this app (its service principal's name).
    pub app: Option<String>,
    /// Leave out skipped events (objects out of scope, nothing to do).
    pub hide_skipped: bool,
    /// The order.
    pub sort: Sort,
}

impl Query {
    /// True when `event` passes the filters (all but the search, which [`Query::run`]
    /// applies through the log's index).
    pub fn passes_filters(&self, event: &Event) -> bool {
        let same = |wanted: &Option<String>, value: &Option<Text>| match wanted {
            Some(w) => value.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(w)),
            None => true,
        };
        !(self.status.is_some_and(|s| s != event.status)
            || (self.hide_skipped && event.status == Status::Skipped)
            || self
                .activity
                .as_deref()
                .is_some_and(|a| !event.activity.eq_ignore_ascii_case(a))
            || self
                .from
                .is_some_and(|from| event.time.is_none_or(|t| t < from))
            || self.to.is_some_and(|to| event.time.is_none_or(|t| t >= to)))
            && same(&self.job, &event.job_id)
            && same(&self.cycle, &event.cycle_id)
            && same(&self.change, &event.change_id)
            && same(&self.source_system, &event.source_system)
            && same(&self.target_system, &event.target_system)
            && same(&self.app, &event.app)
    }

    /// True when no filter and no search is set (the sort does not count).
    pub fn is_everything(&self) -> bool {
        *self
            == Query {
                sort: self.sort,
                ..Query::default()
            }
    }

    /// The indices of matching events in `log.events`, in the query's order (ties newest
    /// first). The order comes from the log's index (sorted once per column and
    /// direction); the search matches any identifier of the event or of its identity.
    pub fn run(&self, log: &Log) -> Vec<u32> {
        let order = log
            .index()
            .order(&log.events, self.sort.column, self.sort.descending);
        let found = (!self.search.trim().is_empty()).then(|| {
            log.index()
                .search(&log.events, log.identities(), &self.search)
        });
        // The status filters read the index's statuses; the events themselves (scattered
        // in memory, in the sort's order) only when another filter is set.
        let index = log.index();
        let others = Query {
            status: None,
            hide_skipped: false,
            search: String::new(),
            sort: self.sort,
            ..self.clone()
        };
        let any_other = !others.is_everything();
        order
            .iter()
            .copied()
            .filter(|&i| found.as_ref().is_none_or(|f| f[i as usize]))
            .filter(|&i| {
                let status = index.status(i);
                self.status.is_none_or(|s| s == status)
                    && !(self.hide_skipped && status == Status::Skipped)
            })
            .filter(|&i| !any_other || self.passes_filters(&log.events[i as usize]))
            .collect()
    }
}

/// True when `needle` occurs in `haystack`, ignoring case.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(&needle.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_ignores_case_and_position() {
        assert!(contains_ignore_case("Adele.Vance@contoso.com", "VANCE@"));
        assert!(contains_ignore_case("Ørjan Ås", "ås"));
        assert!(!contains_ignore_case("abc", "abcd"));
    }

    #[test]
    fn clicking_a_header_sorts_then_reverses() {
        let s = Sort::default().clicked(Column::Status);
        assert_eq!(
            s,
            Sort {
                column: Column::Status,
                descending: false
            }
        );
        assert_eq!(
            s.clicked(Column::Status),
            Sort {
                column: Column::Status,
                descending: true
            }
        );
        assert_eq!(
            Sort::default().clicked(Column::Time),
            Sort {
                column: Column::Time,
                descending: false
            }
        );
    }
}
