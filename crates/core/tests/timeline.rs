//! The per-identity timeline and its verdict, on small scenarios written as the portal's
//! JSON download: what an admin asking "why did this user (not) get an account?" is told.

use provlens_core::timeline::{self, VerdictKind};
use provlens_core::Log;
use serde_json::{json, Value};

/// What happened to the user in one event: action, status, error code, reason.
type Outcome<'a> = (&'a str, &'a str, Option<&'a str>, &'a str);

/// One provisioning event of user `who` in app `app`, at minute `minute` of a day.
fn event(id: &str, who: &str, app: &str, minute: u32, outcome: Outcome<'_>) -> Value {
    let (action, status, code, reason) = outcome;
    let mut info = json!({ "status": status });
    if let Some(code) = code {
        info["errorInformation"] = json!({ "errorCode": code, "reason": reason });
    }
    let mut export = json!({
        "name": "EntryExportAdd", "provisioningStepType": "export", "status": status,
        "description": format!("{action} User '{who}@contoso.com' in {app}"),
        "details": { "ReportableIdentifier": format!("{who}@contoso.com") }
    });
    if status == "skipped" {
        export["name"] = json!("EntrySynchronizationSkip");
        export["details"]["SkipReason"] = json!(code.unwrap_or("NotEffectivelyEntitled"));
        info = json!({ "status": "skipped" });
    }
    json!({
        "id": id,
        "activityDateTime": format!("2026-10-05T{:02}:{:02}:00Z", minute / 60, minute % 60),
        "jobId": format!("scim.{app}"), "cycleId": format!("cycle-{minute}"), "changeId": format!("change-{id}"),
        "provisioningAction": action,
        "sourceIdentity": { "id": format!("obj-{who}"), "displayName": who, "identityType": "User", "details": {} },
        "targetSystem": { "displayName": app },
        "provisioningStatusInfo": info,
        "provisioningSteps": [
            { "name": "EntryImportAdd", "provisioningStepType": "import", "status": "success",
              "description": format!("Received User '{who}@contoso.com'"),
              "details": { "userPrincipalName": format!("{who}@contoso.com"), "employeeId": format!("E-{who}") } },
            export
        ]
    })
}

fn log_of(events: Vec<Value>) -> Log {
    let mut log = Log::new();
    let mut loader = log.loader("scenario.json");
    loader.push(Value::Array(events).to_string().as_bytes());
    let loaded = loader.finish();
    assert!(
        loaded.report.errors.is_empty(),
        "{:?}",
        loaded.report.errors
    );
    log.add(loaded);
    log
}

fn verdict_of(log: &Log, search: &str) -> (VerdictKind, String) {
    let key = timeline::find_identity(log, search).expect("identity found");
    let t = timeline::timeline(log, &key).expect("timeline");
    (
        t.verdict.kind,
        format!(
            "{} / {}",
            t.verdict.reason,
            t.verdict.next_step.unwrap_or_default()
        ),
    )
}

#[test]
fn throttled_create_is_retrying_with_no_action_needed() {
    let log = log_of(vec![event(
        "1",
        "ann",
        "Slack",
        60,
        ("create", "failure", Some("TooManyRequests"), "429"),
    )]);
    let (kind, text) = verdict_of(&log, "ANN@contoso.com");
    assert_eq!(kind, VerdictKind::Retrying);
    assert!(text.contains("TooManyRequests"), "{text}");
}

#[test]
fn repeated_conflict_is_failing_with_the_count_and_the_fix() {
    let reason = "Conflict. This operation was retried 2 times. It will be retried again after this date: 2026-10-05T03:00:00Z UTC";
    let log = log_of(vec![
        event(
            "1",
            "bob",
            "Slack",
            60,
            ("create", "failure", Some("SlackEntryConflict"), reason),
        ),
        event(
            "2",
            "bob",
            "Slack",
            100,
            ("create", "failure", Some("SlackEntryConflict"), reason),
        ),
    ]);
    let (kind, text) = verdict_of(&log, "bob");
    assert_eq!(kind, VerdictKind::Failing);
    assert!(text.contains("SlackEntryConflict"), "{text}");
    assert!(text.contains("retried 2 times"), "{text}");
    assert!(
        text.contains("next retry after 2026-10-05T03:00:00Z"),
        "{text}"
    );
    assert!(text.contains("2 attempts in a row"), "{text}");
}

#[test]
fn unassigned_user_is_skipped_with_the_skip_reason() {
    let log = log_of(vec![event(
        "1",
        "cem",
        "Slack",
        60,
        ("other", "skipped", Some("NotEffectivelyEntitled"), ""),
    )]);
    let (kind, text) = verdict_of(&log, "E-cem");
    assert_eq!(kind, VerdictKind::Skipped);
    assert!(text.contains("NotEffectivelyEntitled"), "{text}");
}

#[test]
fn redundant_export_after_a_create_is_provisioned() {
    let log = log_of(vec![
        event("1", "dee", "Slack", 60, ("create", "success", None, "")),
        event(
            "2",
            "dee",
            "Slack",
            100,
            ("other", "skipped", Some("RedundantExport"), ""),
        ),
    ]);
    assert_eq!(verdict_of(&log, "dee").0, VerdictKind::Provisioned);
}

#[test]
fn delete_and_disable_are_their_own_verdicts() {
    let log = log_of(vec![
        event("1", "eve", "Slack", 60, ("create", "success", None, "")),
        event("2", "eve", "Slack", 100, ("delete", "success", None, "")),
        event("3", "fay", "Slack", 60, ("disable", "success", None, "")),
    ]);
    assert_eq!(verdict_of(&log, "eve").0, VerdictKind::Deleted);
    assert_eq!(verdict_of(&log, "fay").0, VerdictKind::Disabled);
}

#[test]
fn the_failing_app_decides_when_another_app_is_fine() {
    let log = log_of(vec![
        event("1", "gus", "Dropbox", 60, ("create", "success", None, "")),
        event(
            "2",
            "gus",
            "Workplace",
            70,
            ("create", "failure", Some("InvalidDomain"), "bad domain"),
        ),
        event("3", "gus", "Dropbox", 90, ("update", "success", None, "")),
    ]);
    let key = timeline::find_identity(&log, "gus").expect("found");
    let t = timeline::timeline(&log, &key).expect("timeline");
    assert_eq!(t.changes.len(), 3);
    assert_eq!(t.apps.len(), 2);
    assert_eq!(t.apps[0].app, "Workplace");
    assert_eq!(t.apps[1].verdict.kind, VerdictKind::Provisioned);
    assert_eq!(t.verdict.kind, VerdictKind::Failing);
    assert!(
        t.verdict.reason.starts_with("In Workplace:"),
        "{}",
        t.verdict.reason
    );
}

#[test]
fn changes_are_in_time_order_whatever_the_file_order() {
    let log = log_of(vec![
        event("late", "hal", "Slack", 300, ("update", "success", None, "")),
        event("early", "hal", "Slack", 60, ("create", "success", None, "")),
    ]);
    let t = timeline::timeline(&log, "obj-hal").expect("timeline");
    let order: Vec<_> = t
        .changes
        .iter()
        .map(|c| log.events[c.event as usize].id.to_string())
        .collect();
    assert_eq!(order, ["early", "late"]);
    assert_eq!(t.changes[0].steps.len(), 2);
}

#[test]
fn nothing_matching_is_not_found() {
    let log = log_of(vec![event(
        "1",
        "ivy",
        "Slack",
        60,
        ("create", "success", None, ""),
    )]);
    assert_eq!(timeline::find_identity(&log, "nobody@contoso.com"), None);
    let v = timeline::Verdict::not_found("nobody@contoso.com");
    assert_eq!(v.kind, VerdictKind::NotFound);
    assert!(v.reason.contains("initial cycle"));
}

#[test]
fn events_sharing_a_upn_are_one_identity_even_without_a_source_id() {
    let mut other_app = event("2", "jon", "Slack", 90, ("update", "success", None, ""));
    // This copy knows the user only by the UPN in its steps (e.g. a target-side lookup).
    other_app["sourceIdentity"] = json!({ "id": "", "displayName": "", "details": {} });
    let log = log_of(vec![
        event("1", "jon", "Dropbox", 60, ("create", "success", None, "")),
        other_app,
    ]);
    assert_eq!(log.identities().len(), 1);
    let t = timeline::timeline(&log, "obj-jon").expect("timeline");
    assert_eq!(t.changes.len(), 2);
    assert_eq!(t.identity, "obj-jon");
}

#[test]
fn audit_and_provisioning_events_of_one_app_give_one_app_verdict() {
    let mut audit_like = event("2", "kim", "Slack", 90, ("update", "success", None, ""));
    // An event without a job id (as audit events are), for the same app.
    audit_like["jobId"] = json!(null);
    let log = log_of(vec![
        event("1", "kim", "Slack", 60, ("create", "success", None, "")),
        audit_like,
    ]);
    let t = timeline::timeline(&log, "obj-kim").expect("timeline");
    assert_eq!(t.apps.len(), 1, "{:?}", t.apps);
    assert_eq!(t.apps[0].job_id.as_deref(), Some("scim.Slack"));
}

#[test]
fn attribute_history_and_repeated_failures_are_told() {
    let mut first = event(
        "1",
        "lou",
        "Slack",
        60,
        ("create", "failure", Some("InvalidDomain"), "bad domain"),
    );
    first["modifiedProperties"] =
        json!([{ "displayName": "mail", "oldValue": null, "newValue": "lou@old.example" }]);
    let second = event(
        "2",
        "lou",
        "Slack",
        100,
        ("create", "failure", Some("InvalidDomain"), "bad domain"),
    );
    let mut third = event("3", "lou", "Slack", 140, ("create", "success", None, ""));
    third["modifiedProperties"] = json!([{ "displayName": "mail", "oldValue": "lou@old.example", "newValue": "lou@contoso.com" }]);
    let log = log_of(vec![first, second, third]);
    let t = timeline::timeline(&log, "obj-lou").expect("timeline");
    let history: Vec<_> = t
        .attributes
        .iter()
        .map(|a| (a.name.to_string(), a.new.as_deref().map(str::to_string)))
        .collect();
    assert_eq!(
        history,
        [
            ("mail".to_string(), Some("lou@old.example".to_string())),
            ("mail".to_string(), Some("lou@contoso.com".to_string()))
        ]
    );
    assert_eq!(t.gaps.len(), 1, "{:?}", t.gaps);
    assert_eq!(t.gaps[0].kind, timeline::GapKind::RepeatedFailures);
    assert!(
        t.gaps[0]
            .text
            .starts_with("Failed 2 times in a row with InvalidDomain"),
        "{}",
        t.gaps[0].text
    );
}

#[test]
fn a_failure_followed_by_silence_is_flagged_as_not_retried() {
    let log = log_of(vec![
        event(
            "1",
            "max",
            "Slack",
            60,
            ("create", "failure", Some("InvalidDomain"), "bad domain"),
        ),
        // Another user's event, two days later: the logs go on.
        {
            let mut later = event("2", "ned", "Slack", 60, ("create", "success", None, ""));
            later["activityDateTime"] = json!("2026-10-07T01:00:00Z");
            later
        },
    ]);
    let t = timeline::timeline(&log, "obj-max").expect("timeline");
    assert!(
        t.gaps
            .iter()
            .any(|g| g.kind == timeline::GapKind::NotRetried),
        "{:?}",
        t.gaps
    );
}
