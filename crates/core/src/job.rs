//! The synchronization job status (`GET …/synchronization/jobs/{id}`): the seed's
//! "provisioning summary" — whether the job runs, quarantine and why, whether the initial
//! cycle completed, the last cycle, and objects in scope and synchronized by type.
//!
//! `0001-01-01T00:00:00Z` and `""` mean "never" and read as `None`.

use serde::{Deserialize, Serialize};

use crate::advice::{self, Advice};
use crate::event::Text;
use crate::time::Timestamp;

/// One provisioning job's status, as its status file says.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobStatus {
    /// The job id (`<templateId>.<tenant>.<guid>`).
    pub id: Text,
    /// The template, e.g. `scim`, `aws`, `Azure2Azure`.
    pub template_id: Option<Text>,
    /// `Active`, `Quarantine`, `Paused`, `NotRun`, `NotConfigured`.
    pub code: Option<Text>,
    /// The schedule's state: `Active`, `Disabled`, `Paused`.
    pub schedule_state: Option<Text>,
    /// The schedule's interval as written (ISO-8601 duration, e.g. `PT40M`).
    pub interval: Option<Text>,
    /// Quarantine details, when quarantined (or when the file carries a past series).
    pub quarantine: Option<Quarantine>,
    /// When the initial cycle first completed (steady state reached); `None` = never.
    pub steady_state_first: Option<Timestamp>,
    /// When steady state was last reached.
    pub steady_state_last: Option<Timestamp>,
    /// The last execution (cycle).
    pub last_execution: Option<Execution>,
    /// The last successful execution.
    pub last_successful: Option<Execution>,
    /// Objects synchronized, by type mapping (`user to User` → count).
    pub synchronized: Vec<(Text, u64)>,
    /// Errors were dropped to finish the initial cycle.
    pub escrows_pruned: bool,
    /// Complete failures in a row.
    pub successive_failures: u64,
    /// The job's settings (`synchronizationJobSettings`), e.g.
    /// `QuarantineTooManyDeletesThreshold` → `500`, in file order.
    pub settings: Vec<(Text, Text)>,
    /// Where the portal sends the admin to troubleshoot, when the file gives a link.
    pub troubleshooting_url: Option<Text>,
}

/// Why and since when a job is quarantined.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quarantine {
    /// The reason, e.g. `EncounteredQuarantineException`.
    pub reason: Option<Text>,
    /// When the current quarantine began.
    pub since: Option<Timestamp>,
    /// When the service tries again.
    pub next_attempt: Option<Timestamp>,
    /// When the series of quarantines began.
    pub series_began: Option<Timestamp>,
    /// Quarantines in the series.
    pub series_count: u64,
    /// The error code behind it, e.g. `SalesforceInvalidCredentials`.
    pub error_code: Option<Text>,
    /// The error's message.
    pub error_message: Option<Text>,
}

/// One execution (cycle) of the job.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Execution {
    /// `Succeeded`, `Failed`, `EntryLevelErrors`.
    pub state: Option<Text>,
    /// When it began.
    pub began: Option<Timestamp>,
    /// When it ended.
    pub ended: Option<Timestamp>,
    /// Objects imported.
    pub imported: u64,
    /// Objects exported.
    pub exported: u64,
    /// Objects in escrow (failing).
    pub escrowed: u64,
    /// Objects in scope (entitled for provisioning).
    pub entitled: u64,
    /// The error code, when it failed (`None` in the file reads as absent).
    pub error_code: Option<Text>,
    /// The error's message.
    pub error_message: Option<Text>,
}

impl JobStatus {
    /// True when the job's status code says it is quarantined.
    pub fn is_quarantined(&self) -> bool {
        self.code
            .as_deref()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("Quarantine"))
    }

    /// True when the initial cycle completed: the job reached steady state at least once.
    pub fn initial_cycle_completed(&self) -> bool {
        self.steady_state_first.is_some() || self.steady_state_last.is_some()
    }

    /// Objects of a source type (`"user"`, `"group"`, any case) synchronized by the job, from
    /// `synchronizedEntryCountByType` keys such as `user to User` (mappings from the same
    /// source type are added up); `None` when the status counts no such type.
    pub fn in_scope(&self, kind: &str) -> Option<u64> {
        let kind = kind.trim();
        self.synchronized
            .iter()
            .filter(|(mapping, _)| {
                let source = mapping.split(" to ").next().unwrap_or(mapping);
                source.trim().eq_ignore_ascii_case(kind)
            })
            .map(|(_, count)| *count)
            .reduce(|a, b| a + b)
    }

    /// When the last cycle ended: the later end of the last execution and of the last
    /// successful one.
    pub fn last_cycle_end(&self) -> Option<Timestamp> {
        [&self.last_execution, &self.last_successful]
            .into_iter()
            .flatten()
            .filter_map(|e| e.ended)
            .max()
    }

    /// How often the schedule runs the job, e.g. "every 40 minutes"; `None` when it does not
    /// run on a schedule: the schedule is disabled or paused, its interval is the "never"
    /// value (`P10675199DT2H48M5.4775807S`, .NET's largest time span) or unreadable.
    pub fn runs_every(&self) -> Option<String> {
        let stopped = self.schedule_state.as_deref().is_some_and(|s| {
            ["Disabled", "Paused"]
                .iter()
                .any(|d| s.eq_ignore_ascii_case(d))
        });
        if stopped {
            return None;
        }
        let seconds = duration_seconds(self.interval.as_deref()?)?;
        // Anything over ten years is the "never" sentinel, not a schedule.
        if seconds == 0 || seconds > 10 * 366 * 86_400 {
            return None;
        }
        let units = [
            (86_400, "day"),
            (3600, "hour"),
            (60, "minute"),
            (1, "second"),
        ];
        let mut rest = seconds;
        let mut parts = Vec::new();
        for (size, name) in units {
            let n = rest / size;
            rest %= size;
            if n > 0 {
                parts.push(if n == 1 {
                    format!("1 {name}")
                } else {
                    format!("{n} {name}s")
                });
            }
        }
        Some(match parts.as_slice() {
            [one] if one.starts_with("1 ") => format!("every {}", &one[2..]),
            _ => format!("every {}", parts.join(" ")),
        })
    }
}

impl Quarantine {
    /// What put the job in quarantine, in the file's words: the reason, else the error code.
    pub fn cause(&self) -> Option<&str> {
        self.reason
            .as_deref()
            .or(self.error_code.as_deref())
            .filter(|s| !s.trim().is_empty())
    }

    /// What the quarantine means and what to do: the reason's entry in the knowledge base,
    /// else the error code's (a quarantine often states only the error, e.g.
    /// `SalesforceInvalidCredentials`).
    pub fn advice(&self) -> Option<&'static Advice> {
        self.reason
            .as_deref()
            .and_then(advice::quarantine_reason)
            .or_else(|| self.error_code.as_deref().and_then(advice::explain))
    }
}

/// Whole seconds of an ISO-8601 duration (`PT40M`, `P1DT2H`, `PT5.5S`, `P2W`); fractions of
/// a second are dropped. Years and months are not used by job schedules and read as `None`.
fn duration_seconds(text: &str) -> Option<u64> {
    let rest = text.trim().strip_prefix(['P', 'p'])?;
    let mut total: u64 = 0;
    let mut in_time = false;
    let mut number = String::new();
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' if number.is_empty() => in_time = true,
            '0'..='9' | '.' | ',' => number.push(c),
            unit => {
                let whole: u64 = number.split(['.', ',']).next()?.parse().ok()?;
                number.clear();
                let size = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(whole.checked_mul(size)?)?;
            }
        }
    }
    number.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(interval: &str, state: &str) -> JobStatus {
        JobStatus {
            interval: Some(interval.into()),
            schedule_state: Some(state.into()),
            ..JobStatus::default()
        }
    }

    #[test]
    fn schedule_reads_as_words() {
        assert_eq!(
            job("PT40M", "Active").runs_every().as_deref(),
            Some("every 40 minutes")
        );
        assert_eq!(
            job("PT1H", "Active").runs_every().as_deref(),
            Some("every hour")
        );
        assert_eq!(
            job("P1DT2H30M", "Active").runs_every().as_deref(),
            Some("every 1 day 2 hours 30 minutes")
        );
        assert_eq!(
            job("P10675199DT2H48M5.4775807S", "Active").runs_every(),
            None
        );
        assert_eq!(job("PT40M", "Disabled").runs_every(), None);
        assert_eq!(job("40 minutes", "Active").runs_every(), None);
        assert_eq!(job("PT", "Active").runs_every(), None);
    }

    #[test]
    fn in_scope_counts_by_source_type() {
        let status = JobStatus {
            synchronized: vec![
                ("user to User".into(), 40),
                (
                    "User to urn:ietf:params:scim:schemas:core:2.0:User".into(),
                    2,
                ),
                ("group to Group".into(), 7),
            ],
            ..JobStatus::default()
        };
        assert_eq!(status.in_scope("user"), Some(42));
        assert_eq!(status.in_scope("GROUP"), Some(7));
        assert_eq!(status.in_scope("device"), None);
    }

    #[test]
    fn quarantine_is_explained_by_reason_or_error() {
        let by_error = Quarantine {
            error_code: Some("SalesforceInvalidCredentials".into()),
            ..Quarantine::default()
        };
        assert_eq!(by_error.cause(), Some("SalesforceInvalidCredentials"));
        assert!(by_error.advice().is_some());
        let by_reason = Quarantine {
            reason: Some("TooManyDeletes".into()),
            ..by_error
        };
        assert_eq!(by_reason.cause(), Some("TooManyDeletes"));
        assert_eq!(by_reason.advice().map(|a| a.code), Some("TooManyDeletes"));
    }
}
