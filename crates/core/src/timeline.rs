//! One identity's story: its changes in time order, each with its steps (import, scoping,
//! matching, processing, export), ending in a [`Verdict`] an admin can act on:
//! provisioned, failing, retrying, skipped, disabled, deleted, or not found.

use serde::{Deserialize, Serialize};

use crate::advice::{self, Retry};
use crate::event::{Action, Event, RecordKind, Status, Step, StepKind, Text};
use crate::log::Log;
use crate::query::contains_ignore_case;
use crate::time::Timestamp;

/// What became of the identity's account, in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    /// The account exists in the target and is up to date.
    Provisioned,
    /// The last attempt failed and needs the admin.
    Failing,
    /// The last attempt failed and the service retries it by itself.
    Retrying,
    /// The object is out of scope or was left alone.
    Skipped,
    /// The account was disabled in the target.
    Disabled,
    /// The account was deleted from the target.
    Deleted,
    /// No event matches: the object is not in the source, or not reached yet.
    NotFound,
}

impl VerdictKind {
    /// The id used in the `data-verdict` hook and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictKind::Provisioned => "provisioned",
            VerdictKind::Failing => "failing",
            VerdictKind::Retrying => "retrying",
            VerdictKind::Skipped => "skipped",
            VerdictKind::Disabled => "disabled",
            VerdictKind::Deleted => "deleted",
            VerdictKind::NotFound => "not-found",
        }
    }

    /// The headline shown to the admin.
    pub fn label(self) -> &'static str {
        match self {
            VerdictKind::Provisioned => "Provisioned",
            VerdictKind::Failing => "Failing",
            VerdictKind::Retrying => "Retrying",
            VerdictKind::Skipped => "Skipped",
            VerdictKind::Disabled => "Disabled",
            VerdictKind::Deleted => "Deleted",
            VerdictKind::NotFound => "Not found",
        }
    }
}

/// The verdict on an identity, with why and what to do next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The one word.
    pub kind: VerdictKind,
    /// Why, in a sentence or two.
    pub reason: String,
    /// What the admin should do, where something applies.
    pub next_step: Option<String>,
    /// The error code or skip reason behind it.
    pub error_code: Option<Text>,
    /// When the deciding event happened.
    pub since: Option<Timestamp>,
}

impl Verdict {
    /// The verdict when a search matches no event.
    pub fn not_found(search: &str) -> Verdict {
        Verdict {
            kind: VerdictKind::NotFound,
            reason: format!(
                "No event in the loaded logs matches \"{search}\". Either the object does not exist in the \
                 source (or is not assigned to the app), or the provisioning service has not reached it yet: \
                 the initial cycle may not be complete, or the logs loaded end before it was processed."
            ),
            next_step: Some(
                "Check the object exists in the source and is assigned to the app; check the job's initial cycle \
                 has completed; use Provision on demand to process it now."
                    .to_string(),
            ),
            error_code: None,
            since: None,
        }
    }
}

/// One object change: one provisioning event, or the audit events of one correlation id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Index of its first event in `Log::events`.
    pub event: u32,
    /// Indices of all its events, oldest first.
    pub events: Vec<u32>,
    /// The event that decided its outcome (the export, an escrow retry, a failure).
    pub decider: u32,
    /// Provisioning or audit.
    pub record: RecordKind,
    /// Escrow retries (Process escrow steps) of this change.
    pub retries: u32,
    /// When.
    pub time: Option<Timestamp>,
    /// What the service did.
    pub action: Action,
    /// The outcome.
    pub status: Status,
    /// The error code or skip reason.
    pub error_code: Option<Text>,
    /// The cycle it belongs to.
    pub cycle_id: Option<Text>,
    /// The change id.
    pub change_id: Option<Text>,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

/// The verdict on the identity in one app (one provisioning job).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppVerdict {
    /// The app's name (the target system), or the job id.
    pub app: String,
    /// The job id, where known.
    pub job_id: Option<Text>,
    /// What became of the identity in that app.
    pub verdict: Verdict,
}

/// An identity's changes and verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The identity's key (its source object id where known).
    pub identity: String,
    /// The name shown for it (UPN or display name).
    pub label: String,
    /// Its changes, oldest first.
    pub changes: Vec<Change>,
    /// What became of it in each app it is provisioned to, worst first.
    pub apps: Vec<AppVerdict>,
    /// What became of it: the worst of the apps' verdicts, naming the app when there are
    /// several.
    pub verdict: Verdict,
    /// Every attribute change across its changes, oldest first.
    pub attributes: Vec<AttributeChange>,
    /// What looks wrong in the sequence: a decision never exported, an export failing again
    /// and again, a failure never retried.
    pub gaps: Vec<Gap>,
}

/// One attribute's old → new in one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributeChange {
    /// When.
    pub time: Option<Timestamp>,
    /// The attribute.
    pub name: Text,
    /// Before (absent on creates).
    pub old: Option<Text>,
    /// After.
    pub new: Option<Text>,
    /// The event that carried it.
    pub event: u32,
    /// That event's outcome (a failed export did not write the value).
    pub status: Status,
}

/// Something missing or repeated in an identity's sequence of events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// What kind.
    pub kind: GapKind,
    /// Said for the admin.
    pub text: String,
    /// The change it is about (index into `changes`).
    pub change: Option<usize>,
}

/// The kinds of [`Gap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapKind {
    /// The rule decided to create, update, delete or disable, and no export followed.
    DecisionWithoutExport,
    /// The export failed several times in a row.
    RepeatedFailures,
    /// The last event failed, and nothing was logged for the object since, while the logs
    /// go on.
    NotRetried,
}

/// The identity an event belongs to, found from any identifier: an exact match
/// (ignoring case) wins over a partial one, and the newest event wins among equals.
pub fn find_identity(log: &Log, text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let newest = |pred: &dyn Fn(&Event) -> bool| {
        (0..log.events.len() as u32)
            .filter(|&i| pred(&log.events[i as usize]))
            .max_by_key(|&i| log.events[i as usize].time)
            .map(|i| log.identities().key_of(i).to_string())
    };
    newest(&|e| e.identifiers().any(|id| id.eq_ignore_ascii_case(text)))
        .or_else(|| newest(&|e| e.identifiers().any(|id| contains_ignore_case(id, text))))
}

/// The timeline of the identity with this key (an identity key, or any of its events'
/// own keys); `None` when no event has it.
pub fn timeline(log: &Log, identity: &str) -> Option<Timeline> {
    let identities = log.identities();
    let group = identities.find(identity)?;
    let mut rows: Vec<u32> = identities.members(group).collect();
    rows.sort_by_key(|&i| {
        let e = &log.events[i as usize];
        (e.time, e.id.clone())
    });
    let changes = changes_of(log, &rows);
    // Each change is judged by its deciding event: the last export or escrow retry of an
    // audit correlation, the event itself for a provisioning event.
    let deciders: Vec<&Event> = changes
        .iter()
        .map(|c| &log.events[c.decider as usize])
        .collect();
    let label = rows.last().map_or_else(String::new, |&i| {
        log.events[i as usize].identity_label().to_string()
    });
    let apps = app_verdicts(&deciders);
    let mut overall = apps
        .first()
        .map_or_else(|| verdict(&deciders), |a| a.verdict.clone());
    if apps.len() > 1 {
        if let Some(worst) = apps.first() {
            overall.reason = format!("In {}: {}", worst.app, overall.reason);
        }
    }
    let attributes = attribute_history(log, &rows);
    let gaps = gaps(log, &changes);
    Some(Timeline {
        identity: identities.key(group).to_string(),
        label,
        changes,
        apps,
        verdict: overall,
        attributes,
        gaps,
    })
}

/// Every modified property of the identity's events, oldest first.
fn attribute_history(log: &Log, rows: &[u32]) -> Vec<AttributeChange> {
    rows.iter()
        .flat_map(|&i| {
            let e = &log.events[i as usize];
            e.modified.iter().map(move |m| AttributeChange {
                time: e.time,
                name: m.name.clone(),
                old: m.old.clone(),
                new: m.new.clone(),
                event: i,
                status: e.status,
            })
        })
        .collect()
}

/// A day: a failure with nothing logged for a day after it was not retried (escrows are
/// retried every cycle at first, and at least once a day).
const RETRY_WITHIN_MS: i64 = 86_400_000;

/// What looks wrong in the sequence of `changes`.
fn gaps(log: &Log, changes: &[Change]) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for (n, c) in changes.iter().enumerate() {
        let decided = c.steps.iter().any(|s| {
            matches!(
                s.kind,
                StepKind::Processing | StepKind::SyncRule | StepKind::Matching
            ) && s.status == Status::Success
                && (s.name.contains("Add")
                    || s.name.contains("Update")
                    || s.name.contains("Delete"))
        });
        let exported = c
            .steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::Export | StepKind::Escrow));
        if decided
            && !exported
            && matches!(
                c.action,
                Action::Create | Action::Update | Action::Delete | Action::Disable
            )
        {
            gaps.push(Gap {
                kind: GapKind::DecisionWithoutExport,
                text: format!(
                    "The rule decided to {} but no export was logged for this change.",
                    c.action
                ),
                change: Some(n),
            });
        }
    }
    // Runs of failures in a row, by app (job).
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, gaps: &mut Vec<Gap>| {
        if run.len() >= 2 {
            let first = &changes[run[0]];
            let code = first.error_code.as_deref().unwrap_or("an error");
            gaps.push(Gap {
                kind: GapKind::RepeatedFailures,
                text: format!(
                    "Failed {} times in a row with {code}, from {} to {}.",
                    run.len(),
                    time_text(first.time),
                    time_text(changes[run[run.len() - 1]].time)
                ),
                change: run.last().copied(),
            });
        }
        run.clear();
    };
    for (n, c) in changes.iter().enumerate() {
        if c.status == Status::Failure {
            run.push(n);
        } else {
            flush(&mut run, &mut gaps);
        }
    }
    flush(&mut run, &mut gaps);
    if let Some(last) = changes.last().filter(|c| c.status == Status::Failure) {
        let log_ends = log.events.iter().filter_map(|e| e.time).max();
        if let (Some(at), Some(end)) = (last.time, log_ends) {
            if end.0 - at.0 > RETRY_WITHIN_MS {
                gaps.push(Gap {
                    kind: GapKind::NotRetried,
                    text: format!(
                        "The last attempt failed at {at} and nothing was logged for this object since, though the logs go on to {end}: the retry may have been dropped (escrows are dropped after a restart or a reset), or the job stopped."
                    ),
                    change: Some(changes.len() - 1),
                });
            }
        }
    }
    gaps
}

fn time_text(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "an unknown time".to_string(), |t| t.to_string())
}

/// The identity's changes, oldest first: one per provisioning event, one per audit
/// correlation id (its Import, Synchronization rule action, Export and escrow retries are
/// the steps of one change).
fn changes_of(log: &Log, rows: &[u32]) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    for &i in rows {
        let e = &log.events[i as usize];
        let same_change = |c: &Change| {
            e.record == RecordKind::Audit
                && c.record == RecordKind::Audit
                && e.change_id.is_some()
                && c.change_id == e.change_id
        };
        if let Some(c) = changes.iter_mut().rev().find(|c| same_change(c)) {
            c.absorb(i, e);
            continue;
        }
        changes.push(Change {
            event: i,
            events: vec![i],
            decider: i,
            record: e.record,
            time: e.time,
            action: e.action,
            status: e.status,
            error_code: e.error_code.clone(),
            cycle_id: e.cycle_id.clone(),
            change_id: e.change_id.clone(),
            retries: e
                .steps
                .iter()
                .filter(|s| s.kind == StepKind::Escrow)
                .count() as u32,
            steps: e.steps.clone(),
        });
    }
    changes
}

impl Change {
    /// Adds a later audit event of the same correlation id as a step of this change.
    fn absorb(&mut self, i: u32, e: &Event) {
        self.events.push(i);
        self.steps.extend(e.steps.iter().cloned());
        self.retries += e
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Escrow)
            .count() as u32;
        if self.action == Action::Other {
            self.action = e.action;
        }
        if self.cycle_id.is_none() {
            self.cycle_id = e.cycle_id.clone();
        }
        // The outcome is the export's (or the escrow retry's); before one, the worst so far.
        let decides = e
            .steps
            .iter()
            .any(|s| matches!(s.kind, StepKind::Export | StepKind::Escrow));
        if decides || e.status == Status::Failure || self.status == Status::Success {
            self.status = e.status;
            self.decider = i;
            if e.error_code.is_some() || decides {
                self.error_code = e.error_code.clone();
            }
        }
    }
}

/// One verdict per app (job), the worst first.
fn app_verdicts(events: &[&Event]) -> Vec<AppVerdict> {
    // One verdict per app: audit events carry no job id, so the app (target system) is
    // the key wherever it is known, and the job id only stands in when it is not.
    let job_of = |e: &Event| e.target_system.clone().or_else(|| e.job_id.clone());
    let mut jobs: Vec<Option<Text>> = Vec::new();
    for e in events {
        if !jobs.contains(&job_of(e)) {
            jobs.push(job_of(e));
        }
    }
    let mut apps: Vec<AppVerdict> = jobs
        .into_iter()
        .map(|job| {
            let of_job: Vec<&Event> = events
                .iter()
                .copied()
                .filter(|e| job_of(e) == job)
                .collect();
            let app = of_job
                .iter()
                .rev()
                .find_map(|e| e.target_system.as_deref().or(e.app.as_deref()))
                .or(job.as_deref())
                .unwrap_or("the target app")
                .to_string();
            AppVerdict {
                app,
                job_id: of_job.iter().find_map(|e| e.job_id.clone()),
                verdict: verdict(&of_job),
            }
        })
        .collect();
    apps.sort_by_key(|a| severity(a.verdict.kind));
    apps
}

/// Which verdict an admin needs to see first.
fn severity(kind: VerdictKind) -> u8 {
    match kind {
        VerdictKind::Failing => 0,
        VerdictKind::Retrying => 1,
        VerdictKind::Skipped => 2,
        VerdictKind::Disabled => 3,
        VerdictKind::Deleted => 4,
        VerdictKind::Provisioned => 5,
        VerdictKind::NotFound => 6,
    }
}

/// Decides the verdict from the identity's events, oldest first.
pub fn verdict(events: &[&Event]) -> Verdict {
    let Some(last) = events.last() else {
        return Verdict::not_found("");
    };
    let provisioned_before = events.iter().any(|e| {
        e.status == Status::Success
            && matches!(e.action, Action::Create | Action::Update | Action::Other)
    });
    let code = last.error_code.clone();
    let reason_text = last.reason.as_deref().unwrap_or("");
    let make = |kind, reason: String, next_step: Option<String>| Verdict {
        kind,
        reason,
        next_step,
        error_code: code.clone(),
        since: last.time,
    };
    match last.status {
        Status::Failure => {
            let advice = code.as_deref().and_then(advice::explain);
            let retries = advice::retry_sentence(reason_text);
            let code_text = code.as_deref().unwrap_or("an error without a code");
            let mut reason = match advice {
                Some(a) => format!(
                    "The last {} failed with {code_text}: {}",
                    last.action, a.meaning
                ),
                None => format!(
                    "The last {} failed with {code_text}: {}",
                    last.action,
                    first_sentence(reason_text)
                ),
            };
            if let Some((n, next)) = retries {
                let times = if n == 1 { "time" } else { "times" };
                reason.push_str(&format!(" It was retried {n} {times}"));
                if let Some(next) = next {
                    reason.push_str(&format!("; next retry after {next}"));
                }
                reason.push('.');
            }
            let failures = events
                .iter()
                .rev()
                .take_while(|e| e.status == Status::Failure)
                .count();
            if failures > 1 {
                reason.push_str(&format!(" {failures} attempts in a row have failed."));
            }
            let (kind, next) = match advice {
                Some(a) if a.retry.retried_by_service() => (VerdictKind::Retrying, a.action.to_string()),
                Some(a) if a.retry == Retry::Job => (VerdictKind::Failing, a.action.to_string()),
                Some(a) => (VerdictKind::Failing, a.action.to_string()),
                None => (
                    VerdictKind::Failing,
                    last.recommended_action.as_deref().map_or_else(
                        || "Read the error reason, fix the data or the app's configuration; the service retries on later cycles.".to_string(),
                        str::to_string,
                    ),
                ),
            };
            make(kind, reason, Some(next))
        }
        Status::Skipped => {
            let advice = code.as_deref().and_then(advice::skip_reason);
            if provisioned_before
                && code
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case("RedundantExport"))
            {
                return make(
                    VerdictKind::Provisioned,
                    "The account exists in the target and already matches the source: nothing to change.".to_string(),
                    None,
                );
            }
            let why = advice.map_or_else(
                || first_sentence(reason_text).to_string(),
                |a| a.meaning.to_string(),
            );
            let reason = match &code {
                Some(c) => format!("Skipped ({c}): {why}"),
                None => format!("Skipped: {why}"),
            };
            make(
                VerdictKind::Skipped,
                reason,
                advice.map(|a| a.action.to_string()),
            )
        }
        Status::Success | Status::Warning => {
            let warning = if last.status == Status::Warning {
                format!(
                    " It completed with a warning: {}",
                    first_sentence(reason_text)
                )
            } else {
                String::new()
            };
            let disabled = last.modified.iter().any(|m| {
                m.name.eq_ignore_ascii_case("accountEnabled")
                    && m.new
                        .as_deref()
                        .is_some_and(|v| v.eq_ignore_ascii_case("false"))
            });
            match last.action {
                Action::Delete => make(VerdictKind::Deleted, format!("The account was deleted from the target.{warning}"), None),
                Action::Disable => make(VerdictKind::Disabled, format!("The account was disabled in the target.{warning}"), None),
                Action::StagedDelete => make(
                    VerdictKind::Skipped,
                    "A delete was staged and held back by accidental-deletions prevention: the account still exists in the target.".to_string(),
                    Some("If the deletes are intended, allow them (or restart with ForceDeletes); otherwise fix the assignment or scope.".to_string()),
                ),
                _ if disabled => make(VerdictKind::Disabled, format!("The account was disabled in the target (accountEnabled → False).{warning}"), None),
                action => make(
                    VerdictKind::Provisioned,
                    format!("The last change ({action}) succeeded: the account exists in the target.{warning}"),
                    None,
                ),
            }
        }
    }
}

/// The first sentence of a long reason (the logs' reasons run to paragraphs).
fn first_sentence(text: &str) -> &str {
    let text = text.trim().trim_start_matches("Message:").trim();
    match text.find(". ") {
        Some(i) if i > 20 => &text[..=i],
        _ => text,
    }
}
