//! The catalogue of bad inputs on the command line: `provlens summary` on every file of the
//! core's `tests/fixtures/bad-inputs/` (and the ones too large to check in, written here)
//! says what the core says, message for message, each naming the file; counts the same
//! events, duplicates and skipped records; and exits with 1 when nothing could be read.
//! The messages themselves are the core's catalogue (`crates/core/tests/bad_inputs.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;

use provlens_core::{fuzzing, Log};
use serde_json::Value;

/// What the core makes of the file, read as the CLI reads it (1 MiB chunks).
fn core_log(path: &Path) -> Log {
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let bytes = std::fs::read(path).expect("bad input");
    let mut log = Log::new();
    let mut loader = log.loader(name);
    for chunk in bytes.chunks(1 << 20) {
        loader.push(chunk);
    }
    log.add(loader.finish());
    log
}

/// The lines the CLI must print on stderr for the file: its messages, then the counts and
/// what a CSV download still needs.
fn expected_stderr(log: &Log) -> Vec<String> {
    let r = &log.files[0];
    let mut lines: Vec<String> = r.errors.iter().map(|e| format!("provlens: {e}")).collect();
    if r.skipped > r.errors.len() as u64 {
        lines.push(format!(
            "provlens: {}: {} records skipped in all",
            r.name, r.skipped
        ));
    }
    if r.differing > 0 {
        lines.push(format!(
            "provlens: {}: {} of its {} duplicates differed from the event kept",
            r.name, r.differing, r.duplicates
        ));
    }
    if let Some(missing) = &r.missing {
        lines.push(format!("provlens: {}: {missing}", r.name));
    }
    lines
}

fn check(path: &Path) {
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let log = core_log(path);
    let out = Command::new(env!("CARGO_BIN_EXE_provlens"))
        .args(["summary", "--json"])
        .arg(path)
        .output()
        .expect("run provlens");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines, expected_stderr(&log), "{name}: the CLI's messages");
    for line in &lines {
        assert!(
            line.contains(name),
            "{name}: every message names the file: {line}"
        );
    }
    let r = &log.files[0];
    // Nothing read: exit 1, and the summary still says why.
    let status = if r.failed() { 1 } else { 0 };
    assert_eq!(out.status.code(), Some(status), "{name}: {stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let f = &v["files"][0];
    assert_eq!(f["name"], name);
    assert_eq!(f["format"], r.format.id(), "{name}");
    assert_eq!(f["events"], r.events - r.duplicates, "{name}");
    assert_eq!(f["duplicates"], r.duplicates, "{name}");
    assert_eq!(f["differing"], r.differing, "{name}");
    assert_eq!(f["skipped"], r.skipped, "{name}");
    let first = r.first_error().map(ToString::to_string);
    assert_eq!(f["first_error"].as_str(), first.as_deref(), "{name}");
}

#[test]
fn the_cli_answers_every_bad_input_as_the_core_does() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/bad-inputs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("bad-inputs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "the catalogue holds at least 30 files");
    for file in &files {
        check(file);
    }
}

#[test]
fn the_cli_answers_the_generated_bad_inputs_as_the_core_does() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bad-inputs");
    std::fs::create_dir_all(&dir).expect("temp dir");
    for name in fuzzing::GENERATED_BAD_INPUTS {
        let path = dir.join(name);
        std::fs::write(&path, fuzzing::generated_bad_input(name)).expect("write");
        check(&path);
        let _ = std::fs::remove_file(&path);
    }
}
