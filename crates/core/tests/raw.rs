//! The Raw tab's record: read again from its file at the place the loader kept (file,
//! byte offset, length), pretty-printed with the file's own members; the model, with a
//! note saying why, where no byte-exact slice exists (gzip, a query result's table rows).

use std::path::PathBuf;

use provlens_core::raw::{self, Plan, RawRecord};
use provlens_core::Log;

fn fixture(path: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A log of these files, read in 100-byte chunks (the places must not depend on them).
fn log_of(files: &[(&str, &[u8])]) -> Log {
    let mut log = Log::new();
    for (name, bytes) in files {
        let mut loader = log.loader(name);
        for chunk in bytes.chunks(100) {
            loader.push(chunk);
        }
        log.add(loader.finish());
    }
    log
}

/// What the Raw tab shows of event `index`, its bytes read from `files` as the reader does.
fn shown(log: &Log, index: u32, files: &[&[u8]]) -> RawRecord {
    match raw::plan(log, index).expect("an event") {
        Plan::Read { file, ranges } => {
            let bytes = files[file as usize];
            let parts: Vec<Vec<u8>> = ranges
                .iter()
                .map(|r| bytes[r.offset as usize..(r.offset + r.len) as usize].to_vec())
                .collect();
            raw::from_file(log, index, &parts).expect("an event")
        }
        Plan::Model(record) => *record,
    }
}

#[test]
fn a_json_record_is_shown_as_it_is_in_the_file_members_the_model_drops_and_all() {
    let bytes = fixture("provisioning/portal-download-odd-values.json");
    let log = log_of(&[("odd.json", &bytes)]);
    let records: Vec<serde_json::Value> = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(log.events.len(), records.len());
    for (index, record) in records.iter().enumerate() {
        let r = shown(&log, index as u32, &[&bytes]);
        assert!(r.original, "{r:?}");
        assert_eq!(r.note, None);
        let back: serde_json::Value = serde_json::from_str(&r.text).expect("the text is JSON");
        assert_eq!(&back, record, "record {index} as in the file");
        assert!(r.place.starts_with("odd.json, line "), "{}", r.place);
    }
    let first = shown(&log, 0, &[&bytes]);
    // tenantId is in the record, not in the model; the members keep the file's order.
    assert!(
        first.text.contains("\"tenantId\": \"74beb175-"),
        "{}",
        first.text
    );
    assert!(first
        .text
        .starts_with("{\n  \"id\": \"odd-1\",\n  \"activityDateTime\""));
    assert!(first.text.contains("\"durationInMilliseconds\": \"1234\""));
}

#[test]
fn json_lines_and_a_graph_page_with_a_bom_and_crlf_keep_their_places() {
    for name in [
        "provisioning/events.jsonl",
        "provisioning/graph-page-bom-crlf.json",
    ] {
        let bytes = fixture(name);
        let log = log_of(&[(name, &bytes)]);
        assert!(!log.events.is_empty(), "{name}");
        for index in 0..log.events.len() as u32 {
            let r = shown(&log, index, &[&bytes]);
            assert!(r.original, "{name} {index}: {r:?}");
            let back: serde_json::Value = serde_json::from_str(&r.text).expect("JSON");
            assert_eq!(
                back["id"].as_str(),
                Some(&*log.events[index as usize].id),
                "{name} {index}"
            );
        }
    }
}

#[test]
fn a_gzip_file_shows_the_model_and_says_why() {
    let bytes = fixture("encodings/portal-download.json.gz");
    let log = log_of(&[("download.json.gz", &bytes)]);
    assert!(!log.events.is_empty());
    let r = shown(&log, 0, &[&bytes]);
    assert!(!r.original);
    let note = r.note.expect("a note");
    assert!(
        note.contains("gzip-compressed") && note.contains("model"),
        "{note}"
    );
    let model: serde_json::Value = serde_json::from_str(&r.text).expect("JSON");
    assert_eq!(model["id"].as_str(), Some(&*log.events[0].id));
}

#[test]
fn a_csv_row_is_shown_under_its_column_names_and_says_what_was_joined() {
    let events = fixture("provisioning-csv/ProvisioningLogs.csv");
    let steps = fixture("provisioning-csv/ProvisioningLogs_ProvisioningSteps.csv");
    let props = fixture("provisioning-csv/ProvisioningLogs_ModifiedProperties.csv");
    let log = log_of(&[
        ("ProvisioningLogs.csv", &events),
        ("ProvisioningLogs_ProvisioningSteps.csv", &steps),
        ("ProvisioningLogs_ModifiedProperties.csv", &props),
    ]);
    let text = String::from_utf8_lossy(&events);
    let header = text
        .trim_start_matches('\u{FEFF}')
        .lines()
        .next()
        .expect("a header");
    let index = log
        .events
        .iter()
        .position(|e| !e.steps.is_empty())
        .expect("an event with steps") as u32;
    let r = shown(&log, index, &[&events, &steps, &props]);
    assert!(r.original, "{r:?}");
    let mut lines = r.text.lines();
    assert_eq!(lines.next(), Some(header));
    let row = lines.next().expect("the row");
    assert!(text.contains(row), "the row is a line of the file: {row}");
    assert!(row.contains(&*log.events[index as usize].id), "{row}");
    let note = r.note.expect("a note");
    assert!(note.contains("joined from the download's steps"), "{note}");
}

#[test]
fn log_analytics_rows_are_records_but_a_query_results_rows_are_not() {
    let rows = fixture("log-analytics/az-cli-provisioning-rows.json");
    let log = log_of(&[("rows.json", &rows)]);
    let r = shown(&log, 0, &[&rows]);
    assert!(r.original, "{r:?}");
    assert!(r.text.contains("\"AADTenantId\""), "{}", r.text);
    assert!(r.note.expect("a note").contains("JSON text in its columns"));

    let tables = fixture("log-analytics/query-api-tables.json");
    let log = log_of(&[("tables.json", &tables)]);
    assert!(log.events.len() > 1);
    for index in [0, 1] {
        let r = shown(&log, index, &[&tables]);
        assert!(!r.original);
        assert!(r
            .note
            .expect("a note")
            .contains("one row of a Log Analytics query result"));
    }
    let r = shown(&log, 1, &[&tables]);
    assert!(!r.original);
    assert!(r
        .note
        .expect("a note")
        .contains("one row of a Log Analytics query result"));
}

#[test]
fn bytes_that_are_no_longer_the_record_show_the_model() {
    let bytes = fixture("provisioning/portal-download-odd-values.json");
    let log = log_of(&[("odd.json", &bytes)]);
    let r = raw::from_file(&log, 0, &[b"   garbage".to_vec()]).expect("an event");
    assert!(!r.original);
    assert!(r
        .note
        .expect("a note")
        .contains("no longer holds this record"));
    let r = raw::unread(&log, 0, "NotReadableError").expect("an event");
    assert!(r
        .note
        .expect("a note")
        .contains("could not be read again (NotReadableError)"));
    assert!(raw::plan(&log, 999).is_none());
}
