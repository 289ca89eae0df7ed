//! The summary cards: counts by status and action, distinct identities, first and last
//! activity. The page's cards and the CLI's `summary` are the same numbers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::event::{Action, Status};
use crate::log::Log;
use crate::time::Timestamp;

/// Counts over a set of events.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Events loaded (duplicates removed).
    pub events: u64,
    /// Records not loaded.
    pub skipped: u64,
    /// Records merged as duplicates.
    pub duplicates: u64,
    /// Distinct identities (objects) the events are about.
    pub identities: u64,
    /// Lowercase status → count; every status present, zero where none.
    pub by_status: BTreeMap<String, u64>,
    /// Lowercase action → count; only actions that occur.
    pub by_action: BTreeMap<String, u64>,
    /// The earliest event time.
    pub first: Option<Timestamp>,
    /// The latest event time.
    pub last: Option<Timestamp>,
}

impl Summary {
    /// The summary of the whole log.
    pub fn of(log: &Log) -> Summary {
        let mut s = Summary {
            events: log.events.len() as u64,
            skipped: log.skipped(),
            duplicates: log.duplicates(),
            ..Summary::default()
        };
        // Counted by discriminant, named once at the end.
        let mut statuses = [0u64; Status::ALL.len()];
        let mut actions = [0u64; Action::ALL.len()];
        for e in &log.events {
            statuses[e.status as usize] += 1;
            actions[e.action as usize] += 1;
            if let Some(t) = e.time {
                s.first = Some(s.first.map_or(t, |f| f.min(t)));
                s.last = Some(s.last.map_or(t, |l| l.max(t)));
            }
        }
        for status in Status::ALL {
            s.by_status
                .insert(status.as_str().to_string(), statuses[status as usize]);
        }
        for action in Action::ALL {
            if actions[action as usize] > 0 {
                s.by_action
                    .insert(action.as_str().to_string(), actions[action as usize]);
            }
        }
        s.identities = log.identities().len() as u64;
        s
    }

    /// Events with this status.
    pub fn count(&self, status: Status) -> u64 {
        self.by_status.get(status.as_str()).copied().unwrap_or(0)
    }

    /// Events with this action.
    pub fn actions(&self, action: Action) -> u64 {
        self.by_action.get(action.as_str()).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_statuses_and_actions_in_declaration_order() {
        // `of` counts by discriminant and names by `ALL`: they must agree.
        assert!(Status::ALL
            .iter()
            .enumerate()
            .all(|(i, s)| *s as usize == i));
        assert!(Action::ALL
            .iter()
            .enumerate()
            .all(|(i, a)| *a as usize == i));
    }
}
