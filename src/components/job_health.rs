//! The HEALTH row of the loaded synchronization job statuses (`GET …/synchronization/jobs/{id}`):
//! one line per job, worst first (quarantined, failing, not run, paused, running), with its
//! status, quarantine cause, whether the initial cycle completed, when the last cycle ended
//! and the objects in scope. Beneath a job that is or was quarantined: what that means, what
//! to do, since when and the next attempt; beneath a failed cycle, its error. The worst job's
//! notes are open, the others' folded to their first line, and the row scrolls past a third
//! of the window, so many jobs never push the grid out of sight.
//!
//! Each value is a `summary-card` hook (`job-status`, `quarantine-reason`, `initial-sync`,
//! `last-sync`, `in-scope-users`, `in-scope-groups`) on every job's line, so the page's first
//! `[data-metric=job-status]` is the worst job's.

use provlens_core::advice;
use provlens_core::job::{Execution, Quarantine};
use provlens_core::session::Overview;
use provlens_core::{JobStatus, Timestamp};
use yew::prelude::*;

use super::values::{plain, text};

use crate::display::{count, plural, relative, time_compact, time_title, zone};
use crate::shared::Shared;

/// Props of [`JobHealth`].
#[derive(Properties, PartialEq)]
pub struct JobHealthProps {
    /// The log's overview; its `jobs` are shown, named after the app their events name.
    pub overview: Shared<Overview>,
}

/// The health row: one line per job.
#[component]
pub fn JobHealth(props: &JobHealthProps) -> Html {
    let order = use_memo(props.overview.clone(), |o| worst_first(o));
    let now = js_sys::Date::now() as i64;
    let jobs = &props.overview.jobs;
    html! {
        <section class="health" data-testid="health" aria-label="Provisioning job health">
            <div class="health-label">
                <h2>{"Health"}</h2>
                if jobs.len() > 1 {
                    <span class="health-count num">{format!("{} jobs", count(jobs.len() as u64))}</span>
                }
            </div>
            <div class="health-jobs">
                // Only the worst job's notes start open: several jobs must not push the grid away.
                { for order.iter().enumerate().filter_map(|(n, (i, name))| jobs.get(*i).map(|job| job_line(job, name, now, n == 0))) }
            </div>
        </section>
    }
}

/// The jobs' indices, worst first (file order among equals), each with the name shown: the
/// app its events name, else its template.
fn worst_first(log: &Overview) -> Vec<(usize, String)> {
    let apps = &log.job_apps;
    let mut order: Vec<(usize, String)> = log
        .jobs
        .iter()
        .enumerate()
        .map(|(i, job)| {
            let name = match (apps.get(&*job.id), job.template_id.as_deref()) {
                (Some(app), _) => app.to_string(),
                (None, Some(template)) if !template.is_empty() => format!("{template} job"),
                (None, _) => "Provisioning job".to_string(),
            };
            (i, name)
        })
        .collect();
    order.sort_by_key(|(i, _)| severity(&log.jobs[*i]));
    order
}

/// How badly a job needs the admin, 0 first.
fn severity(job: &JobStatus) -> u8 {
    let code = job.code.as_deref().unwrap_or_default();
    let failed = job.last_execution.as_ref().is_some_and(|e| {
        e.error_code.is_some()
            || e.state
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("Failed"))
    });
    if job.is_quarantined() {
        0
    } else if failed || job.successive_failures > 0 {
        1
    } else if ["NotRun", "NotConfigured"]
        .iter()
        .any(|c| code.eq_ignore_ascii_case(c))
    {
        2
    } else if code.eq_ignore_ascii_case("Paused") {
        3
    } else if code.eq_ignore_ascii_case("Active") {
        5
    } else {
        4
    }
}

/// The colour of a job's line: `bad`, `warn`, `ok` or `unknown`.
fn tone(job: &JobStatus) -> &'static str {
    match severity(job) {
        0 => "bad",
        1..=3 => "warn",
        5 => "ok",
        _ => "unknown",
    }
}

/// What a status code means, for the tooltip.
fn code_meaning(code: &str) -> &'static str {
    match code.to_ascii_lowercase().as_str() {
        "active" => "The job runs: a cycle about every 40 minutes.",
        "quarantine" => {
            "The job is quarantined: it runs rarely (about once a day) until the cause is fixed."
        }
        "paused" => "The job is stopped: nothing is provisioned until it is started again.",
        "notrun" => "The job has not run yet.",
        "notconfigured" => "The job is not configured.",
        _ => "The status code the job file gives.",
    }
}

/// One job: name, status and the facts, then its notes, folded to their first line unless
/// `open`.
fn job_line(job: &JobStatus, name: &str, now: i64, open: bool) -> Html {
    let code = job.code.as_deref().unwrap_or_default();
    let cause = job
        .quarantine
        .as_ref()
        .and_then(Quarantine::cause)
        .unwrap_or_default();
    let initial = job.initial_cycle_completed();
    let first_steady = job.steady_state_first.or(job.steady_state_last);
    let last = job.last_cycle_end();
    let (users, groups) = (job.in_scope("user"), job.in_scope("group"));
    let escrowed = job.last_execution.as_ref().map_or(0, |e| e.escrowed);
    let schedule = job
        .runs_every()
        .unwrap_or_else(|| match job.schedule_state.as_deref() {
            Some(state) if !state.is_empty() => format!("schedule {}", state.to_lowercase()),
            _ => "no schedule".to_string(),
        });
    html! {
        <div class={classes!("health-job", format!("tone-{}", tone(job)))} data-job-id={job.id.to_string()}>
            <div class="health-line">
                <span class="job-name" title={format!("Job id: {}", plain(&job.id))}>{text(name)}</span>
                <span class="hc hc-status" data-testid="summary-card" data-metric="job-status" data-value={code.to_string()}
                    title={code_meaning(code)}>
                    <span class="hc-k">{"Job: "}</span>
                    <strong class="hc-v">{if code.is_empty() { "unknown" } else { code }}</strong>
                    <span class="muted">{format!(" ({schedule})")}</span>
                </span>
                <span class={classes!("hc", cause.is_empty().then_some("empty"))} data-testid="summary-card"
                    data-metric="quarantine-reason" data-value={cause.to_string()}>
                    <span class="hc-k">{if job.is_quarantined() { "Cause: " } else { "Last quarantine: " }}</span>
                    <code class="code">{cause}</code>
                </span>
                <span class="hc" data-testid="summary-card" data-metric="initial-sync"
                    data-value={if initial { "completed" } else { "not-completed" }}
                    title={first_steady.map(|t| format!("Steady state first reached {}", time_title(t)))}>
                    <span class="hc-k">{"Initial cycle: "}</span>
                    <strong class={classes!("hc-v", (!initial).then_some("hc-warn"))}>{if initial { "done" } else { "not done" }}</strong>
                </span>
                <span class="hc" data-testid="summary-card" data-metric="last-sync"
                    data-value={last.map(Timestamp::rfc3339).unwrap_or_default()} title={last.map(time_title)}>
                    <span class="hc-k">{"Last cycle: "}</span>
                    <strong class="hc-v num">{last.map_or_else(|| "never".to_string(), |t| relative(t, now))}</strong>
                    if let Some(t) = last {
                        <span class="muted num">{format!(" ({} {})", time_compact(t), zone())}</span>
                    }
                    if escrowed > 0 {
                        <span class={classes!("num", "hc-warn")} title="Objects failing in the last cycle, retried on later cycles">
                            {format!(", {} in escrow", count(escrowed))}
                        </span>
                    }
                </span>
                <span class="hc" title="Objects the job has synchronized, by source type (synchronizedEntryCountByType)">
                    <span class="hc-k">{"In scope: "}</span>
                    <strong class={classes!("hc-v", "num", users.is_none().then_some("empty"))} data-testid="summary-card"
                        data-metric="in-scope-users" data-value={users.map(|n| n.to_string()).unwrap_or_default()}>
                        {users.map(|n| plural(n, "user", "users")).unwrap_or_default()}
                    </strong>
                    if users.is_some() && groups.is_some() {
                        {" · "}
                    }
                    <strong class={classes!("hc-v", "num", groups.is_none().then_some("empty"))} data-testid="summary-card"
                        data-metric="in-scope-groups" data-value={groups.map(|n| n.to_string()).unwrap_or_default()}>
                        {groups.map(|n| plural(n, "group", "groups")).unwrap_or_default()}
                    </strong>
                    if users.is_none() && groups.is_none() {
                        <strong class="hc-v">{"unknown"}</strong>
                    }
                </span>
            </div>
            if let Some(q) = job.quarantine.as_ref().filter(|q| job.is_quarantined() || q.cause().is_some()) {
                { quarantine_note(job, q, now, open) }
            }
            if let Some(e) = job.last_execution.as_ref().filter(|e| new_error(job, e)) {
                { execution_note(e, now, open) }
            }
        </div>
    }
}

/// What the quarantine means and what to do, since when and the next attempt: the reason's
/// meaning, the error behind it (a reason such as `EncounteredQuarantineException` only says
/// "see the error"), the service's message, and the most specific advice of the two.
fn quarantine_note(job: &JobStatus, q: &Quarantine, now: i64, open: bool) -> Html {
    let reason_advice = q.reason.as_deref().and_then(advice::quarantine_reason);
    let error_advice = q.error_code.as_deref().and_then(advice::explain);
    let mut when = Vec::new();
    if let Some(t) = q.since {
        when.push(format!(
            "since {} {} ({})",
            time_compact(t),
            zone(),
            relative(t, now)
        ));
    }
    if let Some(t) = q.next_attempt {
        when.push(format!(
            "next attempt {} {} ({})",
            time_compact(t),
            zone(),
            relative(t, now)
        ));
    }
    if q.series_count > 1 {
        let began = q
            .series_began
            .map(|t| format!(" since {} {}", time_compact(t), zone()))
            .unwrap_or_default();
        when.push(format!(
            "{} quarantines in a row{began}",
            count(q.series_count)
        ));
    }
    let head = if job.is_quarantined() {
        "Quarantined"
    } else {
        "Quarantined before"
    };
    // The error's code, when the reason is shown as the cause and the error says more.
    let error_code = q
        .error_code
        .as_deref()
        .filter(|code| Some(*code) != q.cause());
    let meaning = reason_advice.or(error_advice).map(|a| a.meaning);
    let action = error_advice.or(reason_advice).map(|a| a.action);
    html! {
        <details class="health-note" {open}>
            <summary class="note-head">
                <strong>{head}</strong>
                if let Some(cause) = q.cause() {
                    {": "}<code class="code">{cause}</code>
                }
                if !when.is_empty() {
                    <span class="muted num">{format!(" — {}", when.join(" · "))}</span>
                }
            </summary>
            <p>
                if let Some(meaning) = meaning {
                    {meaning}{" "}
                }
                if let Some(code) = error_code {
                    {"Error: "}<code class="code">{text(code)}</code>
                    if let Some(a) = error_advice.filter(|_| reason_advice.is_some()) {
                        {format!(" — {}", a.meaning)}
                    }
                }
            </p>
            if let Some(message) = q.error_message.as_deref().filter(|m| !m.trim().is_empty()) {
                <p class="note-message">{"The service says: "}<q>{text(message.trim())}</q></p>
            }
            if let Some(action) = action {
                <p><strong>{"What to do: "}</strong>{action}</p>
            }
            if !job.is_quarantined() {
                <p class="muted">{"The job's status is no longer Quarantine; its file still names the last quarantine's cause."}</p>
            }
        </details>
    }
}

/// True when the last execution has an error the quarantine note does not already give.
fn new_error(job: &JobStatus, e: &Execution) -> bool {
    let quarantine_code = job
        .quarantine
        .as_ref()
        .and_then(|q| q.error_code.as_deref());
    match e.error_code.as_deref() {
        Some(code) => quarantine_code != Some(code),
        None => e.error_message.is_some(),
    }
}

/// The last cycle's error and what it means.
fn execution_note(e: &Execution, now: i64, open: bool) -> Html {
    let advice = e.error_code.as_deref().and_then(advice::explain);
    let state = e.state.as_deref().unwrap_or("ended");
    html! {
        <details class="health-note" {open}>
            <summary class="note-head">
                <strong>{format!("Last cycle: {state}")}</strong>
                if let Some(code) = &e.error_code {
                    {": "}<code class="code">{text(code)}</code>
                }
                if let Some(t) = e.ended {
                    <span class="muted num">{format!(" — ended {} {} ({})", time_compact(t), zone(), relative(t, now))}</span>
                }
            </summary>
            if let Some(a) = advice {
                <p>{a.meaning}</p>
            }
            if let Some(message) = e.error_message.as_deref().filter(|m| !m.trim().is_empty()) {
                <p class="note-message">{"The service says: "}<q>{text(message.trim())}</q></p>
            }
            if let Some(a) = advice {
                <p><strong>{"What to do: "}</strong>{a.action}</p>
            }
        </details>
    }
}
