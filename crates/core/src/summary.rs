//! The summary cards: counts by status and action (and the two crossed), distinct
//! identities, first and last activity, the top error codes with who fixes them, and the
//! quarantine risk. The page's cards and the CLI's `summary` are the same numbers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::advice::{self, QuarantineRisk};
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
    /// Lowercase action → lowercase status → count (only pairs that occur).
    pub by_action_status: BTreeMap<String, BTreeMap<String, u64>>,
    /// The most frequent error codes of failed events, most first (at most
    /// [`TOP_ERRORS`]).
    pub top_errors: Vec<ErrorCount>,
    /// How close the failures come to the published quarantine thresholds.
    pub quarantine_risk: QuarantineRisk,
}

/// How many top error codes the summary keeps.
pub const TOP_ERRORS: usize = 10;

/// One error code and how often it failed an event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorCount {
    /// The code, as the logs write it.
    pub code: String,
    /// Failed events with it.
    pub events: u64,
    /// Distinct identities it failed.
    pub identities: u64,
    /// Whether the service retries it by itself (`None` when the code is not in the table).
    pub retried_by_service: Option<bool>,
    /// Who fixes it and when, in words.
    pub retry: Option<String>,
    /// What it means.
    pub meaning: Option<String>,
    /// What to do.
    pub action: Option<String>,
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
        s.by_action_status = crossed(log);
        s.top_errors = top_errors(log);
        s.quarantine_risk = advice::quarantine_risk(s.count(Status::Failure), s.events);
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

/// Counts by action × status.
fn crossed(log: &Log) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut counts = [[0u64; Status::ALL.len()]; Action::ALL.len()];
    for e in &log.events {
        counts[e.action as usize][e.status as usize] += 1;
    }
    let mut out = BTreeMap::new();
    for action in Action::ALL {
        for status in Status::ALL {
            let n = counts[action as usize][status as usize];
            if n > 0 {
                out.entry(action.as_str().to_string())
                    .or_insert_with(BTreeMap::new)
                    .insert(status.as_str().to_string(), n);
            }
        }
    }
    out
}

/// The most frequent error codes of failed events, with the explainer's words.
fn top_errors(log: &Log) -> Vec<ErrorCount> {
    let identities = log.identities();
    let mut by_code: std::collections::HashMap<&str, (u64, std::collections::HashSet<u32>)> =
        std::collections::HashMap::new();
    for (i, e) in log.events.iter().enumerate() {
        if e.status != Status::Failure {
            continue;
        }
        let code = e.error_code.as_deref().unwrap_or("(no error code)");
        let entry = by_code.entry(code).or_default();
        entry.0 += 1;
        entry.1.insert(identities.of(i as u32));
    }
    let mut counts: Vec<ErrorCount> = by_code
        .into_iter()
        .map(|(code, (events, who))| {
            let advice = advice::explain(code);
            ErrorCount {
                code: code.to_string(),
                events,
                identities: who.len() as u64,
                retried_by_service: advice.map(|a| a.retry.retried_by_service()),
                retry: advice.map(|a| a.retry.label().to_string()),
                meaning: advice.map(|a| a.meaning.to_string()),
                action: advice.map(|a| a.action.to_string()),
            }
        })
        .collect();
    counts.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
    counts.truncate(TOP_ERRORS);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_errors_say_who_fixes_them_and_cross_counts_add_up() {
        let mut log = Log::new();
        let mut loader = log.loader("demo.json");
        loader.push(include_bytes!(
            "../../../static/demo/contoso-provisioning-download.json"
        ));
        log.add(loader.finish());
        let s = Summary::of(&log);
        let failures = s.count(Status::Failure);
        assert!(failures > 0);
        assert!(!s.top_errors.is_empty());
        assert!(s.top_errors.windows(2).all(|w| w[0].events >= w[1].events));
        assert!(s.top_errors.iter().map(|e| e.events).sum::<u64>() <= failures);
        assert!(s
            .top_errors
            .iter()
            .all(|e| e.identities <= e.events && e.identities > 0));
        // The demo's codes are all in the explainer's table.
        assert!(s
            .top_errors
            .iter()
            .all(|e| e.meaning.is_some() && e.retried_by_service.is_some()));
        let crossed: u64 = s.by_action_status.values().flat_map(|m| m.values()).sum();
        assert_eq!(crossed, s.events);
        assert_eq!(s.quarantine_risk, QuarantineRisk::BelowEvaluation);
    }

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
