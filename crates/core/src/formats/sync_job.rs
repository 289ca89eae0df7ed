//! Synchronization job statuses (`GET /servicePrincipals/{id}/synchronization/jobs/{jobId}`,
//! and each job of the list `{"value": [job, …]}`, which the splitter hands over one by one)
//! read into a [`JobStatus`]: the seed's provisioning summary.
//!
//! The files say "never" in several ways — `0001-01-01T00:00:00Z`, `""`, `null` — and all
//! read as `None`; an error code `None` means no error. PascalCase keys (PowerShell's
//! `ConvertTo-Json`) are accepted too.

use serde::Deserialize;

use super::value::{Details, Loose};
use super::{Ctx, Imported};
use crate::event::{Interner, Text};
use crate::job::{Execution, JobStatus, Quarantine};
use crate::time::Timestamp;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Job<'a> {
    #[serde(borrow, default, alias = "Id")]
    id: Loose<'a>,
    #[serde(borrow, default, alias = "TemplateId")]
    template_id: Loose<'a>,
    #[serde(borrow, default, alias = "Schedule")]
    schedule: Option<Schedule<'a>>,
    #[serde(borrow, default, alias = "Status")]
    status: Option<Status<'a>>,
    #[serde(borrow, default, alias = "SynchronizationJobSettings")]
    synchronization_job_settings: Details<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Schedule<'a> {
    #[serde(borrow, default, alias = "Interval")]
    interval: Loose<'a>,
    #[serde(borrow, default, alias = "State")]
    state: Loose<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Status<'a> {
    #[serde(borrow, default, alias = "Code")]
    code: Loose<'a>,
    #[serde(borrow, default, alias = "CountSuccessiveCompleteFailures")]
    count_successive_complete_failures: Loose<'a>,
    #[serde(borrow, default, alias = "EscrowsPruned")]
    escrows_pruned: Loose<'a>,
    #[serde(borrow, default, alias = "LastExecution")]
    last_execution: Option<RawExecution<'a>>,
    #[serde(borrow, default, alias = "LastSuccessfulExecution")]
    last_successful_execution: Option<RawExecution<'a>>,
    #[serde(borrow, default, alias = "Quarantine")]
    quarantine: Option<RawQuarantine<'a>>,
    #[serde(borrow, default, alias = "SteadyStateFirstAchievedTime")]
    steady_state_first_achieved_time: Loose<'a>,
    #[serde(borrow, default, alias = "SteadyStateLastAchievedTime")]
    steady_state_last_achieved_time: Loose<'a>,
    #[serde(borrow, default, alias = "SynchronizedEntryCountByType")]
    synchronized_entry_count_by_type: Details<'a>,
    #[serde(borrow, default, alias = "TroubleshootingUrl")]
    troubleshooting_url: Loose<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawExecution<'a> {
    #[serde(borrow, default, alias = "State")]
    state: Loose<'a>,
    #[serde(borrow, default, alias = "TimeBegan")]
    time_began: Loose<'a>,
    #[serde(borrow, default, alias = "TimeEnded")]
    time_ended: Loose<'a>,
    #[serde(borrow, default, alias = "CountImported")]
    count_imported: Loose<'a>,
    #[serde(borrow, default, alias = "CountExported")]
    count_exported: Loose<'a>,
    #[serde(borrow, default, alias = "CountEscrowed")]
    count_escrowed: Loose<'a>,
    #[serde(borrow, default, alias = "CountEntitledForProvisioning")]
    count_entitled_for_provisioning: Loose<'a>,
    #[serde(borrow, default, alias = "CountEntitled")]
    count_entitled: Loose<'a>,
    #[serde(borrow, default, alias = "Error")]
    error: Option<RawError<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawQuarantine<'a> {
    #[serde(borrow, default, alias = "Reason")]
    reason: Loose<'a>,
    #[serde(borrow, default, alias = "CurrentBegan")]
    current_began: Loose<'a>,
    #[serde(borrow, default, alias = "NextAttempt")]
    next_attempt: Loose<'a>,
    #[serde(borrow, default, alias = "SeriesBegan")]
    series_began: Loose<'a>,
    #[serde(borrow, default, alias = "SeriesCount")]
    series_count: Loose<'a>,
    #[serde(borrow, default, alias = "Error")]
    error: Option<RawError<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawError<'a> {
    #[serde(borrow, default, alias = "Code")]
    code: Loose<'a>,
    #[serde(borrow, default, alias = "Message")]
    message: Loose<'a>,
}

/// A count as written: a number, or a number in a string; anything else is 0.
fn count(v: &Loose<'_>) -> u64 {
    v.get().and_then(|s| s.trim().parse().ok()).unwrap_or(0)
}

/// A time, `None` for the "never" forms.
fn time(v: &Loose<'_>) -> Option<Timestamp> {
    v.get().and_then(Timestamp::parse)
}

/// An error code and its message; the code `None` means no error.
fn error(strings: &mut Interner, e: Option<RawError<'_>>) -> (Option<Text>, Option<Text>) {
    let e = e.unwrap_or_default();
    let code = e
        .code
        .get()
        .filter(|c| !c.trim().eq_ignore_ascii_case("none"));
    (strings.opt(code), strings.opt(e.message.get()))
}

fn execution(strings: &mut Interner, e: RawExecution<'_>) -> Execution {
    let (error_code, error_message) = error(strings, e.error);
    let entitled = if e.count_entitled_for_provisioning.get().is_some() {
        &e.count_entitled_for_provisioning
    } else {
        &e.count_entitled
    };
    Execution {
        state: strings.opt(e.state.get()),
        began: time(&e.time_began),
        ended: time(&e.time_ended),
        imported: count(&e.count_imported),
        exported: count(&e.count_exported),
        escrowed: count(&e.count_escrowed),
        entitled: count(entitled),
        error_code,
        error_message,
    }
}

/// The quarantine block, unless it says nothing at all (every field empty).
fn quarantine(strings: &mut Interner, q: RawQuarantine<'_>) -> Option<Quarantine> {
    let (error_code, error_message) = error(strings, q.error);
    let q = Quarantine {
        reason: strings.opt(q.reason.get()),
        since: time(&q.current_began),
        next_attempt: time(&q.next_attempt),
        series_began: time(&q.series_began),
        series_count: count(&q.series_count),
        error_code,
        error_message,
    };
    (q != Quarantine::default()).then_some(q)
}

/// Reads one synchronization job.
pub(crate) fn read(bytes: &[u8], ctx: &mut Ctx<'_>) -> Result<Imported, serde_json::Error> {
    let job: Job<'_> = super::from_json(bytes)?;
    if job.template_id.get().is_none() && job.status.is_none() {
        return Ok(Imported::NotMine);
    }
    let Some(id) = job.id.get() else {
        return Ok(Imported::Skip(
            "this synchronization job has no \"id\"".to_string(),
        ));
    };
    let strings = &mut *ctx.strings;
    let schedule = job.schedule.unwrap_or_default();
    let status = job.status.unwrap_or_default();
    let synchronized = status
        .synchronized_entry_count_by_type
        .0
        .iter()
        .filter_map(|(mapping, n)| {
            let n = n.get()?.trim().parse().ok()?;
            Some((strings.get(mapping), n))
        })
        .collect();
    let settings = job
        .synchronization_job_settings
        .0
        .iter()
        .map(|(name, value)| {
            (
                strings.get(name),
                strings.get(value.0.as_deref().unwrap_or("")),
            )
        })
        .collect();
    Ok(Imported::Job(Box::new(JobStatus {
        id: strings.get(id),
        template_id: strings.opt(job.template_id.get()),
        code: strings.opt(status.code.get()),
        schedule_state: strings.opt(schedule.state.get()),
        interval: strings.opt(schedule.interval.get()),
        quarantine: status.quarantine.and_then(|q| quarantine(strings, q)),
        steady_state_first: time(&status.steady_state_first_achieved_time),
        steady_state_last: time(&status.steady_state_last_achieved_time),
        last_execution: status.last_execution.map(|e| execution(strings, e)),
        last_successful: status
            .last_successful_execution
            .map(|e| execution(strings, e)),
        synchronized,
        escrows_pruned: status
            .escrows_pruned
            .get()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("true")),
        successive_failures: count(&status.count_successive_complete_failures),
        settings,
        troubleshooting_url: strings.opt(status.troubleshooting_url.get()),
    })))
}
