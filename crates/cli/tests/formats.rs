//! `provlens summary` and `provlens timeline` on every fixture of every format: the command
//! line reads each file as the core's golden dump says (format, events, skipped), and finds
//! the timeline of an identity the file holds.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The golden dump's header: format, events, skipped, and the first event's identity label.
struct Golden {
    format: String,
    events: u64,
    skipped: u64,
    first_identity: Option<String>,
}

fn read_golden(path: &Path) -> Golden {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let field = |line: &str, name: &str| -> u64 {
        line.split(&format!("{name}: "))
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{}: no {name}", path.display()))
    };
    let format = text
        .lines()
        .find_map(|l| l.strip_prefix("format: "))
        .expect("format line")
        .to_string();
    let counts = text
        .lines()
        .find(|l| l.starts_with("records: "))
        .expect("records line");
    // `event <id> <time> <action> <status> [<identity label>]`
    let first_identity = text
        .lines()
        .find(|l| l.starts_with("event "))
        .and_then(|l| {
            l.rsplit_once(" [")
                .map(|(_, label)| label.trim_end_matches(']').to_string())
        })
        .filter(|label| !label.starts_with('('));
    Golden {
        format,
        events: field(counts, "events"),
        skipped: field(counts, "skipped"),
        first_identity,
    }
}

fn provlens(args: &[&str]) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_provlens"))
        .args(args)
        .output()
        .expect("run provlens");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), json)
}

fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let core = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests");
    let mut pairs = Vec::new();
    for dir in std::fs::read_dir(core.join("fixtures"))
        .expect("fixtures")
        .filter_map(Result::ok)
    {
        let family = dir.file_name();
        for file in std::fs::read_dir(dir.path())
            .expect("fixture folder")
            .filter_map(Result::ok)
        {
            let mut golden_name = file.file_name();
            golden_name.push(".txt");
            pairs.push((
                file.path(),
                core.join("golden").join(&family).join(golden_name),
            ));
        }
    }
    pairs.sort();
    assert!(pairs.len() > 20, "expected fixtures of every format");
    pairs
}

#[test]
fn summary_reads_every_fixture_as_the_core_does() {
    for (file, golden) in fixtures() {
        let g = read_golden(&golden);
        let path = file.to_str().expect("path");
        let (code, v) = provlens(&["summary", "--json", path]);
        if v.is_null() {
            // Nothing readable: exit status 1, as for a file with no event, job or record.
            assert_eq!(code, Some(1), "{path}");
            continue;
        }
        let f = &v["files"][0];
        assert_eq!(f["format"], g.format.as_str(), "{path}");
        let events = f["events"].as_u64().unwrap_or(0) + f["duplicates"].as_u64().unwrap_or(0);
        assert_eq!(events, g.events, "{path}");
        assert_eq!(f["skipped"].as_u64(), Some(g.skipped), "{path}");
    }
}

#[test]
fn timeline_finds_the_first_identity_of_every_fixture_with_events() {
    let mut checked = 0;
    for (file, golden) in fixtures() {
        let g = read_golden(&golden);
        let Some(identity) = g.first_identity.filter(|_| g.events > 0) else {
            continue;
        };
        let path = file.to_str().expect("path");
        let (code, v) = provlens(&["timeline", "--json", "--identity", &identity, path]);
        assert_eq!(code, Some(0), "{path}");
        assert_ne!(v["verdict"]["verdict"], "not-found", "{path}: {identity}");
        assert!(
            !v["changes"].as_array().expect("changes").is_empty(),
            "{path}"
        );
        checked += 1;
    }
    assert!(checked > 10, "only {checked} fixtures had events");
}
