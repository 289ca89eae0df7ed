//! The `provlens` command line, run as a user would: its JSON, its tables, its messages
//! and its exit status.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/provisioning");
    dir.join(name).to_string_lossy().into_owned()
}

fn provlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_provlens"))
        .args(args)
        .output()
        .expect("run provlens")
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn summary_counts_events_duplicates_and_statuses_of_overlapping_downloads() {
    let v = json_of(&provlens(&[
        "summary",
        "--json",
        &fixture("overlap-page1.json"),
        &fixture("overlap-page2.json"),
    ]));
    assert_eq!(v["events"], 2);
    assert_eq!(v["duplicates"], 2);
    assert_eq!(v["skipped"], 0);
    assert_eq!(v["identities"], 2);
    assert_eq!(v["by_status"]["success"], 1);
    assert_eq!(v["by_status"]["failure"], 1);
    assert_eq!(v["by_status"]["warning"], 0);
    assert_eq!(v["by_action"]["create"], 2);
    assert_eq!(v["first"], "2019-05-04T03:00:54Z");
    assert_eq!(v["last"], "2019-06-24T20:53:08Z");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files[0]["format"], "graph-provisioning");
    assert_eq!(files[1]["format"], "portal-provisioning-json");
    assert_eq!(files[1]["duplicates"], 2);
}

#[test]
fn a_truncated_file_keeps_its_first_record_and_names_the_place() {
    let out = provlens(&[
        "summary",
        "--json",
        &fixture("portal-download-truncated.json"),
    ]);
    let v = json_of(&out);
    assert_eq!(v["events"], 1);
    assert_eq!(v["skipped"], 1);
    let first_error = v["files"][0]["first_error"].as_str().expect("first_error");
    assert!(
        first_error.starts_with("portal-download-truncated.json, line 1, byte"),
        "{first_error}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("portal-download-truncated.json"),
        "{stderr}"
    );
}

#[test]
fn nothing_readable_exits_1_and_says_which_file() {
    let out = provlens(&[
        "summary",
        &fixture("empty.json"),
        &fixture("signin-log.json"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.json, line 1, byte 0: the file is empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("signin-log.json") && stderr.contains("sign-in"),
        "{stderr}"
    );
}

#[test]
fn nothing_readable_still_prints_the_json_report() {
    let out = provlens(&["summary", "--json", &fixture("empty.json")]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["events"], 0);
    assert_eq!(
        v["files"][0]["first_error"],
        "empty.json, line 1, byte 0: the file is empty"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(provlens(&[]).status.code(), Some(2));
    assert_eq!(provlens(&["summary"]).status.code(), Some(2));
    assert_eq!(
        provlens(&["timeline", &fixture("overlap-page1.json")])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(provlens(&["frobnicate", "x"]).status.code(), Some(2));
}

#[test]
fn timeline_finds_an_identity_by_part_of_its_name_in_any_case() {
    let v = json_of(&provlens(&[
        "timeline",
        "--json",
        "--identity",
        "SELF-SERVICE",
        &fixture("overlap-page1.json"),
    ]));
    assert_eq!(v["identity"], "5e6c9rae-ab4d-5239-8ad0-174391d110eb");
    let changes = v["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["status"], "failure");
    assert_eq!(changes[0]["error_code"], "ContosoEntryConflict");
    let kinds: Vec<&str> = changes[0]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["import", "matching", "export"]);
    assert_eq!(v["verdict"]["verdict"], "failing");
    assert_eq!(v["verdict"]["error_code"], "ContosoEntryConflict");
    assert!(v["verdict"]["next_step"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
}

#[test]
fn timeline_of_nobody_is_not_found_with_the_reasons() {
    let v = json_of(&provlens(&[
        "timeline",
        "--json",
        "--identity",
        "nobody@contoso.com",
        &fixture("overlap-page1.json"),
    ]));
    assert_eq!(v["verdict"]["verdict"], "not-found");
    assert!(v["verdict"]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("initial cycle")));
}

#[test]
fn tables_without_json() {
    let out = provlens(&["summary", &fixture("overlap-page1.json")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("events") && text.contains("graph-provisioning"),
        "{text}"
    );
    let out = provlens(&[
        "timeline",
        "--identity",
        "self-service",
        &fixture("overlap-page1.json"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Self-service Pilot"), "{text}");
    assert!(
        text.contains("FAILING") && text.contains("Export"),
        "{text}"
    );
}

#[test]
fn generated_files_are_deterministic_and_read_back_whole() {
    let dir = std::env::temp_dir().join(format!("provlens-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    for path in [&a, &b] {
        let out = provlens(&[
            "generate",
            "--records",
            "300",
            "--users",
            "40",
            "--seed",
            "9",
            "--out",
            path.to_str().expect("path"),
        ]);
        assert!(out.status.success());
    }
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let v = json_of(&provlens(&["summary", "--json", a.to_str().expect("path")]));
    assert_eq!(v["events"], 300);
    assert_eq!(v["skipped"], 0);
    let _ = std::fs::remove_dir_all(&dir);
}
