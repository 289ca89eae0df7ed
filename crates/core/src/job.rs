//! The synchronization job status (`GET …/synchronization/jobs/{id}`): the seed's
//! "provisioning summary" — whether the job runs, quarantine and why, whether the initial
//! cycle completed, the last cycle, and objects in scope and synchronized by type.
//!
//! `0001-01-01T00:00:00Z` and `""` mean "never" and read as `None`.

use serde::Serialize;

use crate::event::Text;
use crate::time::Timestamp;

/// One provisioning job's status, as its status file says.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
}

/// Why and since when a job is quarantined.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
