//! Audit logs of the Account Provisioning service answer the admin's question as the
//! provisioning logs do: the same verdicts from a Graph page, from the portal's audit CSV,
//! and from both loaded together.

use std::path::PathBuf;

use provlens_core::timeline::{self, VerdictKind};
use provlens_core::Log;

fn fixture(path: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn log_of(paths: &[&str]) -> Log {
    let mut log = Log::new();
    for path in paths {
        let mut loader = log.loader(path);
        loader.push(&fixture(path));
        log.add(loader.finish());
    }
    log
}

/// The verdict on the identity found by `search`, with its reason and the number of
/// changes in its timeline.
fn verdict_of(log: &Log, search: &str) -> (VerdictKind, String, usize) {
    let key = timeline::find_identity(log, search).expect("identity found");
    let t = timeline::timeline(log, &key).expect("timeline");
    (t.verdict.kind, t.verdict.reason, t.changes.len())
}

fn verdicts_of_the_scenario(log: &Log) {
    let (kind, _, changes) = verdict_of(log, "alice@contoso.com");
    assert_eq!(kind, VerdictKind::Provisioned);
    assert_eq!(
        changes, 1,
        "Import, rule and Export of one correlation id are one change"
    );

    let (kind, reason, _) = verdict_of(log, "bob@contoso.com");
    assert_eq!(kind, VerdictKind::Failing, "{reason}");
    assert!(
        reason.contains("AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService"),
        "{reason}"
    );
    assert!(reason.contains("retried 4 times"), "{reason}");

    let (kind, reason, _) = verdict_of(log, "carol@contoso.com");
    assert_eq!(kind, VerdictKind::Skipped);
    assert!(reason.contains("NotEffectivelyEntitled"), "{reason}");
}

#[test]
fn graph_audit_page_gives_verdicts() {
    verdicts_of_the_scenario(&log_of(&["audit/graph-page.json"]));
}

#[test]
fn portal_audit_csv_gives_the_same_verdicts() {
    verdicts_of_the_scenario(&log_of(&["audit-csv/portal-audit-en-bom-crlf.csv"]));
}

#[test]
fn spanish_csv_reads_like_the_english_one() {
    let log = log_of(&["audit-csv/portal-audit-es.csv"]);
    let (kind, _, _) = verdict_of(&log, "alice@contoso.com");
    assert_eq!(kind, VerdictKind::Provisioned);
}

#[test]
fn json_and_csv_of_the_same_events_join_into_one_identity() {
    let log = log_of(&[
        "audit/graph-page.json",
        "audit-csv/portal-audit-en-bom-crlf.csv",
    ]);
    let (kind, _, _) = verdict_of(&log, "b2e4d6f8-1a3c-4e5f-9a7b-2c4d6e8f0a1b");
    assert_eq!(kind, VerdictKind::Failing);
    let key = timeline::find_identity(&log, "bob@contoso.com").expect("bob");
    let bob = timeline::timeline(&log, &key).expect("timeline");
    assert!(bob.changes.iter().all(|c| c.change_id.is_some()));
}

#[test]
fn overlapping_csv_downloads_merge_their_rows() {
    let log = log_of(&[
        "audit-csv/portal-audit-en-bom-crlf.csv",
        "audit-csv/portal-audit-es.csv",
    ]);
    // The Spanish file holds the first three rows of the English one.
    assert_eq!(log.files[1].duplicates, 3);
}
