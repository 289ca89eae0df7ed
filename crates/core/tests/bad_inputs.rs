//! The catalogue of bad inputs: every file of `tests/fixtures/bad-inputs/` (and those too
//! large to check in, made here: a 100 MB single line, nesting 100,000 deep, a file too
//! large for the tab), each with the exact messages the admin sees. For each: every message
//! names the file and the place (line and byte), the records before the fault are kept, and
//! loaded + duplicates + skipped = records seen. The CLI answers each the same way
//! (`crates/cli/tests/bad_inputs.rs`); the golden test checks the same files in every
//! chunking.

use provlens_core::load::TAB_LIMIT_BYTES;
use provlens_core::session::{Request, Response, Session};
use provlens_core::{fuzzing, FileLoader, Log};

/// The events a bad input still gives.
enum Kept {
    /// These ids, in order.
    Ids(&'static [&'static str]),
    /// This many.
    Count(usize),
}

/// One bad input and what the admin is told about it.
struct Case {
    file: &'static str,
    /// What it is (the words where it lists it).
    what: &'static str,
    /// The events kept: the records before the fault, and those after it that are fine.
    kept: Kept,
    duplicates: u64,
    skipped: u64,
    /// Every message, as the page lists it and the CLI prints it.
    messages: &'static [&'static str],
    /// What a file of the portal's three-part CSV download says it still needs.
    missing: Option<&'static str>,
}

const CATALOGUE: &[Case] = &[
    Case {
        file: "ProvisioningLogs (alone).csv",
        what: "only one of the three CSV files: the events, without steps and properties",
        kept: Kept::Ids(&["chg-1"]),
        duplicates: 0,
        skipped: 0,
        messages: &[],
        missing: Some("the events' steps and modified properties are in two other files of the download: drop ProvisioningLogs_ProvisioningSteps (alone).csv and ProvisioningLogs_ModifiedProperties (alone).csv too"),
    },
    Case {
        file: "ProvisioningLogs_ModifiedProperties (alone).csv",
        what: "only one of the three CSV files: the modified properties",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[],
        missing: Some("1 modified property waits for their events: drop ProvisioningLogs (alone).csv too"),
    },
    Case {
        file: "ProvisioningLogs_ProvisioningSteps (alone).csv",
        what: "only one of the three CSV files: the steps",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[],
        missing: Some("2 steps wait for their events: drop ProvisioningLogs (alone).csv too"),
    },
    Case {
        file: "audit-core-directory-only.json",
        what: "another Entra log: an audit download of Core Directory events only",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 2,
        messages: &[
            "audit-core-directory-only.json, line 2, byte 4 (record 1): a Core Directory audit event, not Account Provisioning: set aside",
            "audit-core-directory-only.json, line 24, byte 539 (record 2): a Core Directory audit event, not Account Provisioning: set aside",
        ],
        missing: None,
    },
    Case {
        file: "binary.dat",
        what: "binary data",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "binary.dat, line 1, byte 0: this is binary data, not a text log export",
        ],
        missing: None,
    },
    Case {
        file: "blank-lines.json",
        what: "nothing but blank lines",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "blank-lines.json, line 1, byte 0: the file is empty",
        ],
        missing: None,
    },
    Case {
        file: "corrupt-gzip.json.gz",
        what: "a gzip header followed by data that does not inflate",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "corrupt-gzip.json.gz, line 1, byte 0: this is not valid gzip data (corrupt deflate stream)",
        ],
        missing: None,
    },
    Case {
        file: "csv-short-row.csv",
        what: "CSV rows that do not fit the header, the last cut inside quotes",
        kept: Kept::Ids(&["c2_10dd4173ce655bf8"]),
        duplicates: 0,
        skipped: 2,
        messages: &[
            "csv-short-row.csv, line 2, byte 144 (record 1): this row has 3 fields where the header has 11",
            "csv-short-row.csv, line 4, byte 363 (record 3): the file ends inside this row's quoted field (truncated download?)",
        ],
        missing: None,
    },
    Case {
        file: "duplicate-ids.json",
        what: "duplicate ids with different content (and one with the same)",
        kept: Kept::Ids(&["evt-0001", "evt-0002"]),
        duplicates: 2,
        skipped: 0,
        messages: &[
            "duplicate-ids.json, line 1, byte 1557: event evt-0001 was read already from duplicate-ids.json (line 1, byte 1) with a different outcome; the first was kept and this one counted as a duplicate",
        ],
        missing: None,
    },
    Case {
        file: "empty-graph-page.json",
        what: "a Graph page with no records",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "empty-graph-page.json, line 1, byte 0: no records found: the JSON holds no log events",
        ],
        missing: None,
    },
    Case {
        file: "empty.json",
        what: "an empty file",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "empty.json, line 1, byte 0: the file is empty",
        ],
        missing: None,
    },
    Case {
        file: "export.xml",
        what: "PowerShell Export-Clixml output",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "export.xml, line 1, byte 0: this is text that is neither JSON nor CSV (expected '[' or '{' at the start, or a line of column names)",
        ],
        missing: None,
    },
    Case {
        file: "format-list.txt",
        what: "PowerShell Format-List text",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "format-list.txt, line 1, byte 0: this is PowerShell Format-List text, which cannot be read back reliably: export with `| ConvertTo-Json -Depth 10` instead",
        ],
        missing: None,
    },
    Case {
        file: "graph-error-response.json",
        what: "a Graph error answer saved instead of a page",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "graph-error-response.json, line 1, byte 0 (record 1): this is an error answer from Graph (Authorization_RequestDenied: Insufficient privileges to complete the operation.), not log records: the request that saved it failed; fix what it says (often a missing permission, such as AuditLog.Read.All) and save the answer again",
        ],
        missing: None,
    },
    Case {
        file: "gzip-inside-gzip.json.gz",
        what: "gzip inside gzip",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "gzip-inside-gzip.json.gz, line 1, byte 0: this is a gzip file inside a gzip file: decompress the outer one first",
        ],
        missing: None,
    },
    Case {
        file: "invalid-utf8.csv",
        what: "invalid UTF-8 in a CSV field (read, with U+FFFD)",
        kept: Kept::Ids(&["c1_73ae21bbcd206cf7"]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "invalid-utf8.csv, line 2, byte 144 (record 1): this record is not valid UTF-8 (was the file saved in another encoding, such as Windows-1252?): it was read with its bad bytes shown as �",
        ],
        missing: None,
    },
    Case {
        file: "invalid-utf8.json",
        what: "invalid UTF-8 in a JSON record (Windows-1252 bytes)",
        kept: Kept::Ids(&["evt-0001", "evt-0002", "evt-0003"]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "invalid-utf8.json, line 1, byte 1051 (record 2): this record is not valid UTF-8 (was the file saved in another encoding, such as Windows-1252?): it was read with its bad bytes shown as �",
        ],
        missing: None,
    },
    Case {
        file: "jsonl-broken-line.jsonl",
        what: "JSON lines with a broken line and a stray brace",
        kept: Kept::Ids(&["evt-0001", "evt-0002"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "jsonl-broken-line.jsonl, line 2, byte 813 (record 2): this record is not valid: broken JSON: expected value",
            "jsonl-broken-line.jsonl, line 3, byte 819: expected a JSON object or array here, found '}'; the rest of this line was ignored",
        ],
        missing: None,
    },
    Case {
        file: "logs.zip",
        what: "a ZIP archive",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "logs.zip, line 1, byte 0: this is a ZIP archive: extract the log files from it and drop them",
        ],
        missing: None,
    },
    Case {
        file: "monitor-signin-records.json",
        what: "another Entra log: Azure Monitor sign-in records",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 2,
        messages: &[
            "monitor-signin-records.json, line 1, byte 12 (record 1): an Azure Monitor SignInLogs record, not provisioning: set aside",
            "monitor-signin-records.json, line 1, byte 262 (record 2): an Azure Monitor NonInteractiveUserSignInLogs record, not provisioning: set aside",
        ],
        missing: None,
    },
    Case {
        file: "not-gzip.json.gz",
        what: "a .gz that is not gzip",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "not-gzip.json.gz, line 1, byte 0: this is text that is neither JSON nor CSV (expected '[' or '{' at the start, or a line of column names)",
        ],
        missing: None,
    },
    Case {
        file: "not-objects.json",
        what: "numbers, strings, null, booleans and arrays where records belong",
        kept: Kept::Ids(&["evt-0001", "evt-0002"]),
        duplicates: 0,
        skipped: 5,
        messages: &[
            "not-objects.json, line 1, byte 779 (record 2): expected a log record (a JSON object) here, found a number",
            "not-objects.json, line 1, byte 782 (record 3): expected a log record (a JSON object) here, found a string",
            "not-objects.json, line 1, byte 789 (record 4): expected a log record (a JSON object) here, found null",
            "not-objects.json, line 1, byte 794 (record 5): expected a log record (a JSON object) here, found true or false",
            "not-objects.json, line 1, byte 799 (record 6): expected a log record (a JSON object) here, found an array",
        ],
        missing: None,
    },
    Case {
        file: "nul-padded.json",
        what: "a download padded with NUL bytes",
        kept: Kept::Ids(&["evt-0001", "evt-0002", "evt-0003"]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "nul-padded.json, line 1, byte 2335: expected a JSON object or array here, found byte 0x00; the rest of this line was ignored",
        ],
        missing: None,
    },
    Case {
        file: "numbers-out-of-range.jsonl",
        what: "numbers out of range (-5, 2^64, 1e400, 1.5e300, status 7)",
        kept: Kept::Ids(&["evt-0001", "evt-0002", "evt-0004", "evt-0005"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "numbers-out-of-range.jsonl, line 3, byte 2168 (record 3): this record is not valid: broken JSON: number out of range",
        ],
        missing: None,
    },
    Case {
        file: "odd-timestamps.jsonl",
        what: "timestamps in every odd form of FORMATS.md 9, and in garbage",
        kept: Kept::Count(18),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "odd-timestamps.jsonl, line 6, byte 3915 (record 6): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 7, byte 4693 (record 7): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 11, byte 7797 (record 11): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 12, byte 8570 (record 12): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 13, byte 9354 (record 13): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 14, byte 10142 (record 14): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 15, byte 10931 (record 15): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 16, byte 11716 (record 16): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 17, byte 12490 (record 17): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
            "odd-timestamps.jsonl, line 18, byte 13256 (record 18): this event has no time provlens can read (missing, empty or not a date): it is listed without one",
        ],
        missing: None,
    },
    Case {
        file: "random.csv",
        what: "a random CSV",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "random.csv, line 1, byte 0: this is a CSV file whose header provlens does not know: expected a Log Analytics export's columns (TimeGenerated [UTC], …) or the provisioning-log download's columns (Date, Identity, Action, Status, Change ID, … in ProvisioningLogs; Change ID, Step Name, Status, … in its ProvisioningSteps; Change ID, Property, Old Value, New Value in its ModifiedProperties) or the audit-log download's columns (Date (UTC), CorrelationId, Service, Category, Activity, Result, ResultReason, Target1Type, …); found name, colour, size",
        ],
        missing: None,
    },
    Case {
        file: "risk-detections.json",
        what: "another Entra log: Identity Protection risk detections",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "risk-detections.json, line 4, byte 119 (record 1): this record is not a provisioning log record (no provisioningSteps, activityDisplayName, jobId or changeId)",
        ],
        missing: None,
    },
    Case {
        file: "saved-web-page.html",
        what: "the portal's web page saved instead of a download",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "saved-web-page.html, line 1, byte 0: this is text that is neither JSON nor CSV (expected '[' or '{' at the start, or a line of column names)",
        ],
        missing: None,
    },
    Case {
        file: "screenshot.png",
        what: "a PNG image",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "screenshot.png, line 1, byte 0: this is a PNG image, not a log export",
        ],
        missing: None,
    },
    Case {
        file: "signin-log.json",
        what: "a sign-in log",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 2,
        messages: &[
            "signin-log.json, line 4, byte 103 (record 1): this record is a sign-in event (sign-in log), not a provisioning or audit event",
            "signin-log.json, line 15, byte 454 (record 2): this record is a sign-in event (sign-in log), not a provisioning or audit event",
        ],
        missing: None,
    },
    Case {
        file: "truncated-between-records.json",
        what: "truncated between records",
        kept: Kept::Ids(&["evt-0001", "evt-0002"]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "truncated-between-records.json, line 1, byte 1557: the file ends before its JSON is closed (truncated download?)",
        ],
        missing: None,
    },
    Case {
        file: "truncated-gzip.json.gz",
        what: "a gzip download cut short",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "truncated-gzip.json.gz, line 1, byte 529: the gzip data ends early or is corrupt (incomplete deflate stream)",
            "truncated-gzip.json.gz, line 1, byte 1 (record 1): the file ends inside this record (truncated download?); it ends at line 1, byte 529",
        ],
        missing: None,
    },
    Case {
        file: "truncated-mid-record.json",
        what: "truncated mid-record",
        kept: Kept::Ids(&["evt-0001"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "truncated-mid-record.json, line 1, byte 779 (record 2): the file ends inside this record (truncated download?); it ends at line 1, byte 929",
        ],
        missing: None,
    },
    Case {
        file: "truncated-mid-string.json",
        what: "truncated mid-string",
        kept: Kept::Ids(&["evt-0001"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "truncated-mid-string.json, line 1, byte 779 (record 2): the file ends inside this record (truncated download?); it ends at line 1, byte 1049",
        ],
        missing: None,
    },
    Case {
        file: "utf16be-no-bom.csv",
        what: "UTF-16 (big-endian) without a BOM: read",
        kept: Kept::Ids(&["c1_2449234ffbfd8337"]),
        duplicates: 0,
        skipped: 0,
        messages: &[],
        missing: None,
    },
    Case {
        file: "utf16le-no-bom-truncated.json",
        what: "UTF-16 (little-endian) without a BOM, truncated mid-record",
        kept: Kept::Ids(&["evt-0001"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "utf16le-no-bom-truncated.json, line 1, byte 779 (record 2): the file ends inside this record (truncated download?); it ends at line 1, byte 859",
        ],
        missing: None,
    },
    Case {
        file: "one-line-100mb.json",
        what: "a 100 MB single line: one record of 100 MB between two small ones",
        kept: Kept::Ids(&["evt-1", "evt-3"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "one-line-100mb.json, line 1, byte 280 (record 2): this record is larger than 64 MB and was not read",
        ],
        missing: None,
    },
    Case {
        file: "one-line-100mb.txt",
        what: "a 100 MB single line of text",
        kept: Kept::Ids(&[]),
        duplicates: 0,
        skipped: 0,
        messages: &[
            "one-line-100mb.txt, line 1, byte 0: this is text that is neither JSON nor CSV (expected '[' or '{' at the start, or a line of column names)",
        ],
        missing: None,
    },
    Case {
        file: "nested-100000-objects.json",
        what: "nesting 100,000 deep (objects)",
        kept: Kept::Ids(&["evt-1", "evt-3"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "nested-100000-objects.json, line 1, byte 280 (record 2): this record is not a provisioning log record (no provisioningSteps, activityDisplayName, jobId or changeId)",
        ],
        missing: None,
    },
    Case {
        file: "nested-100000-arrays.json",
        what: "nesting 100,000 deep (arrays)",
        kept: Kept::Ids(&["evt-1", "evt-3"]),
        duplicates: 0,
        skipped: 1,
        messages: &[
            "nested-100000-arrays.json, line 1, byte 280 (record 2): expected a log record (a JSON object) here, found an array",
        ],
        missing: None,
    },
];

/// Loads one file into a log of its own, as the page and the CLI do, in chunks of `chunk`.
fn load(name: &str, bytes: &[u8], chunk: usize) -> Log {
    let mut log = Log::new();
    let mut loader = log.loader(name);
    for part in bytes.chunks(chunk.max(1)) {
        loader.push(part);
    }
    log.add(loader.finish());
    log
}

fn bytes_of(case: &Case) -> Vec<u8> {
    if fuzzing::GENERATED_BAD_INPUTS.contains(&case.file) {
        return fuzzing::generated_bad_input(case.file);
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad-inputs")
        .join(case.file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// "line 3, byte 120" in a message: the place it names.
fn names_a_place(message: &str) -> bool {
    let Some(rest) = message.split(", line ").nth(1) else {
        return false;
    };
    let mut words = rest.split([',', ' ', ':']).filter(|w| !w.is_empty());
    let line = words.next().and_then(|w| w.parse::<u64>().ok());
    let byte = words.nth(1).and_then(|w| w.parse::<u64>().ok());
    line.is_some_and(|l| l >= 1) && byte.is_some()
}

fn check(case: &Case, log: &Log) {
    let name = case.file;
    let r = &log.files[0];
    let messages: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages, case.messages,
        "{name} ({}): the messages",
        case.what
    );
    for m in &messages {
        assert!(
            m.starts_with(&format!("{name}, line ")),
            "{name}: names the file: {m}"
        );
        assert!(
            names_a_place(m),
            "{name}: names the place (line and byte): {m}"
        );
    }
    assert_eq!(
        r.missing.as_deref(),
        case.missing,
        "{name}: what it still needs"
    );
    if let Some(missing) = &r.missing {
        assert!(
            missing.contains("ProvisioningLogs"),
            "{name}: names the files it needs"
        );
    }
    let ids: Vec<&str> = log.events.iter().map(|e| &*e.id).collect();
    match case.kept {
        Kept::Ids(kept) => assert_eq!(ids, kept, "{name}: the records kept"),
        Kept::Count(n) => assert_eq!(ids.len(), n, "{name}: the records kept"),
    }
    assert_eq!(r.duplicates, case.duplicates, "{name}: duplicates");
    assert_eq!(r.skipped, case.skipped, "{name}: skipped");
    // Loaded (events, job statuses, CSV steps and properties) + duplicates + skipped.
    let loaded = log.events.len() as u64 + log.jobs.len() as u64 + r.parts;
    assert_eq!(
        loaded + r.duplicates + r.skipped,
        r.records,
        "{name}: loaded + duplicates + skipped = records seen"
    );
}

#[test]
fn every_bad_input_says_what_is_wrong_where_and_keeps_the_rest() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-inputs");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/bad-inputs")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CATALOGUE
        .iter()
        .map(|c| c.file.to_string())
        .filter(|f| !fuzzing::GENERATED_BAD_INPUTS.contains(&f.as_str()))
        .collect();
    listed.sort();
    assert_eq!(
        listed, on_disk,
        "every file of bad-inputs/ is in the catalogue, and only those"
    );
    assert!(CATALOGUE.len() >= 30);
    for case in CATALOGUE {
        let bytes = bytes_of(case);
        // As the page reads it (1 MiB slices), and (but the 100 MB ones) in an odd chunking.
        check(case, &load(case.file, &bytes, 1 << 20));
        if bytes.len() < 1 << 20 {
            check(case, &load(case.file, &bytes, 4093));
        }
    }
}

#[test]
fn a_file_too_large_for_the_tab_is_refused_before_a_byte_is_read() {
    let mut loader = FileLoader::new("ProvisioningLogs-2024.json", 0);
    assert!(!loader.declare_size(3_210_000_000));
    loader.push(b"[{\"id\":\"ignored\"}]");
    let loaded = loader.finish();
    let messages: Vec<String> = loaded
        .report
        .errors
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        ["ProvisioningLogs-2024.json, line 1, byte 0: this file is too large for a browser tab (3.3 GB; at most 1.5 GB): split it, or use the provlens command line"]
    );
    assert!(loaded.report.failed());
    assert_eq!((loaded.report.records, loaded.events.len()), (0, 0));

    // Just over the limit reads as over it; at the limit, the file is read.
    let mut over = FileLoader::new("a.json", 0);
    assert!(!over.declare_size(TAB_LIMIT_BYTES + 1));
    let message = over.finish().report.errors[0].message.clone();
    assert!(message.contains("(1.6 GB; at most 1.5 GB)"), "{message}");
    let mut at_limit = FileLoader::new("b.json", 0);
    assert!(at_limit.declare_size(TAB_LIMIT_BYTES));
    at_limit.push(fuzzing::record(1).as_bytes());
    assert_eq!(at_limit.finish().events.len(), 1);
}

#[test]
fn the_worker_refuses_a_file_too_large_for_the_tab_with_its_report() {
    let mut s = Session::new();
    let answer = s.handle(Request::BeginFile {
        name: "huge.json".into(),
        size: Some(2_000_000_000),
    });
    let Some(Response::FileDone(report)) = answer else {
        panic!("a refused file is done at once: {answer:?}");
    };
    assert_eq!(
        report.errors[0].to_string(),
        "huge.json, line 1, byte 0: this file is too large for a browser tab (2 GB; at most 1.5 GB): split it, or use the provlens command line"
    );
    // Bytes sent anyway go nowhere; the batch still ends with the file's report.
    assert!(s.push(b"[]").is_none());
    assert!(s.handle(Request::EndFile).is_none());
    let Some(Response::Loaded(overview)) = s.handle(Request::EndBatch) else {
        panic!("the batch ends");
    };
    assert_eq!(overview.files.len(), 1);
    assert!(overview.files[0].failed());
    assert_eq!(overview.summary.events, 0);
}
