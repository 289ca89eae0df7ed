//! One test per bug found hardening the loader (issue 6), each named for what it catches:
//! by the fuzz targets (`fuzz/`, `make fuzz`; their inputs are also in the replayed corpus,
//! `tests/corpus/`), by fixing one of those, or by looking for hangs on large inputs. More
//! sit beside their code: `decode.rs`, `time.rs`, `load.rs`.

use std::io::Write as _;
use std::time::{Duration, Instant};

use provlens_core::session::{Request, Response, Session};
use provlens_core::{FileLoader, LoadedFile, Log};

fn load(bytes: &[u8], chunk: usize) -> LoadedFile {
    let mut loader = FileLoader::new("fuzz.json", 0);
    for part in bytes.chunks(chunk.max(1)) {
        loader.push(part);
    }
    loader.finish()
}

/// The same report and events in every chunking, and every record accounted for.
fn same_in_any_chunking(bytes: &[u8]) -> LoadedFile {
    let whole = load(bytes, bytes.len());
    for chunk in [1, 2, 7, 511, 512, 4096] {
        let cut = load(bytes, chunk);
        assert_eq!(cut.report, whole.report, "{chunk}-byte chunks");
        assert!(cut.events == whole.events, "{chunk}-byte chunks");
    }
    let r = &whole.report;
    assert_eq!(r.records, r.events + r.jobs + r.parts + r.skipped);
    whole
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip in memory");
    e.finish().expect("gzip in memory")
}

const RECORD: &str = r#"{"id":"1","activityDateTime":"2024-01-01T00:00:00Z","jobId":"j","changeId":"c","provisioningAction":"create","provisioningStatusInfo":{"status":"success"},"provisioningSteps":[]}"#;

/// Target `load`: a gzip stream followed by bytes that are not gzip was reported where the
/// decoded text had got to when the fault was noticed: read whole, before the records, at
/// byte 0; read in slices, after them. (The fuzzer's input: `corpus/load/found-gzip-*`.)
#[test]
fn a_gzip_fault_is_placed_at_the_end_of_its_text_whatever_the_chunking() {
    let mut bytes = gzip(format!("[{}", format!("{RECORD},").repeat(10)).as_bytes());
    bytes.extend_from_slice(b"this is not gzip");
    let loaded = same_in_any_chunking(&bytes);
    let errors: Vec<String> = loaded.report.errors.iter().map(|e| e.to_string()).collect();
    let end = 1 + 10 * (RECORD.len() + 1);
    assert_eq!(
        errors,
        [
            format!("fuzz.json, line 1, byte {end}: this is not valid gzip data (invalid gzip header)"),
            format!("fuzz.json, line 1, byte {end}: the file ends before its JSON is closed (truncated download?)"),
        ]
    );
    assert_eq!(
        loaded.events.len(),
        10,
        "the records before the fault are kept"
    );
}

/// Target `load` ("failed to write whole buffer"): `cat a.gz b.gz` is one valid gzip file,
/// but only its first member was read and the second was called corrupt.
#[test]
fn a_gzip_file_of_several_members_is_read_whole() {
    let mut bytes = gzip(format!("[{RECORD},").as_bytes());
    bytes.extend(gzip(
        RECORD.replace(r#""id":"1""#, r#""id":"2""#).as_bytes(),
    ));
    bytes.extend(gzip(b"]"));
    let loaded = same_in_any_chunking(&bytes);
    assert_eq!(loaded.report.errors, []);
    assert_eq!(loaded.events.len(), 2);
    assert_eq!(loaded.report.encoding.as_deref(), Some("gzip-compressed"));
}

/// Shown while fixing the above: a file whose first 4 KiB were blank was called empty when
/// read in slices (the page, the CLI), though read whole it was JSON.
#[test]
fn json_after_more_than_4_kib_of_blank_lines_is_still_json() {
    let mut bytes = "\r\n".repeat(3000).into_bytes();
    bytes.extend_from_slice(format!("[{RECORD}]").as_bytes());
    let loaded = same_in_any_chunking(&bytes);
    assert_eq!(loaded.report.errors, []);
    assert_eq!(loaded.events.len(), 1);
    assert_eq!(loaded.events[0].span.line, 3001);
}

/// Shown while fixing the above: a CSV's delimiter was counted on its first line as far as
/// the first 4 KiB went when read in slices, but on the whole line when read whole.
#[test]
fn a_csv_delimiter_is_judged_on_the_same_bytes_whatever_the_chunking() {
    let mut text = String::from("Date (UTC);Activity;");
    text.push_str(&"x".repeat(5000));
    text.push_str(",a,b,c,d,e\n1;2;3\n");
    same_in_any_chunking(text.as_bytes());
}

/// Target `split`: a form feed (no JSON blank) between records opened a record that the
/// splitter then trimmed to nothing, and the loader called the empty record "a number".
#[test]
fn a_stray_form_feed_between_records_is_a_bad_record_not_an_empty_one() {
    use provlens_core::formats::json::{Piece, Splitter};
    let text = format!("[{RECORD},\x0c\n,{RECORD}]");
    let mut records = Vec::new();
    Splitter::new().push(text.as_bytes(), &mut |piece| {
        if let Piece::Record(bytes, _) = piece {
            records.push(bytes.to_vec());
        }
    });
    assert_eq!(records.len(), 3);
    assert_eq!(records[1], b"\x0c");
    let loaded = same_in_any_chunking(text.as_bytes());
    assert_eq!(loaded.events.len(), 2);
    assert_eq!(
        loaded.report.errors[0].to_string(),
        format!(
            "fuzz.json, line 1, byte {} (record 2): expected a log record (a JSON object) here, found something that is not JSON",
            RECORD.len() + 2
        )
    );
}

/// Loads `text` through the worker's session, as the page does, and ends the batch;
/// answers how long that took.
fn session_load(name: &str, text: &str) -> (Session, Duration) {
    let started = Instant::now();
    let mut s = Session::new();
    s.handle(Request::BeginFile {
        name: name.into(),
        size: Some(text.len() as u64),
    });
    for chunk in text.as_bytes().chunks(1 << 20) {
        s.push(chunk);
    }
    s.handle(Request::EndFile);
    assert!(matches!(
        s.handle(Request::EndBatch),
        Some(Response::Loaded(_))
    ));
    (s, started.elapsed())
}

/// Hang review: each job status removed its earlier copies with a pass over all jobs, so a
/// list of 40,000 job statuses (2.7 MB) took 7 s in a release build, 200,000 three minutes.
/// Linear now (the bound is generous for a debug build; quadratic took minutes here).
#[test]
fn many_job_statuses_load_in_linear_time_and_a_later_status_replaces_an_earlier_one() {
    let job = |id: &str, code: &str| {
        format!(r#"{{"id":"{id}","templateId":"scim","status":{{"code":"{code}"}}}}"#)
    };
    let mut jobs: Vec<String> = (0..50_000)
        .map(|i| job(&format!("scim.{i}"), "Active"))
        .collect();
    jobs.push(job("scim.7", "Quarantine"));
    let (s, took) = session_load("jobs.json", &format!(r#"{{"value":[{}]}}"#, jobs.join(",")));
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let log = s.log();
    assert_eq!(log.jobs.len(), 50_000);
    let last = log.jobs.last().expect("jobs");
    assert_eq!(
        (&*last.id, last.code.as_deref()),
        ("scim.7", Some("Quarantine"))
    );

    // Across files too: the later file's status of a job replaces the earlier one.
    let mut log = Log::new();
    for (name, code) in [("a.json", "Active"), ("b.json", "Paused")] {
        let mut loader = log.loader(name);
        loader.push(job("scim.1", code).as_bytes());
        log.add(loader.finish());
    }
    assert_eq!(log.jobs.len(), 1);
    assert_eq!(log.jobs[0].code.as_deref(), Some("Paused"));
}

/// Hang review: the overview's list of activities was searched once per event, so 40,000
/// audit events of distinct activities took 3.8 s to show in a release build. Linear now.
#[test]
fn many_distinct_activities_give_the_overview_in_linear_time() {
    let audits: Vec<String> = (0..50_000)
        .map(|i| format!(r#"{{"id":"a{i}","category":"ProvisioningManagement","correlationId":"c{i}","result":"success","activityDisplayName":"Activity {i:05}","activityDateTime":"2024-03-13T19:15:41Z","loggedByService":"Account Provisioning","targetResources":[{{"id":"u{i}","type":"User"}}]}}"#))
        .collect();
    let (s, took) = session_load("audit.json", &format!("[{}]", audits.join(",")));
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let overview = s.overview();
    assert_eq!(overview.activities.len(), 50_000);
    assert_eq!(overview.activities[0], "Activity 00000");
    assert!(overview.activities.windows(2).all(|w| w[0] < w[1]));
}

/// Target `on_demand`: U+FFFF (bytes EF BF BF) was passed over as if it were a BOM when
/// deciding when to look, but not when looking, so a `{` after it made the loader decide on
/// whatever had arrived: read in slices, "neither JSON nor CSV"; read whole, a CSV.
#[test]
fn a_character_that_only_looks_like_a_bom_does_not_make_the_format_depend_on_the_chunking() {
    let loaded = same_in_any_chunking("\u{FFFF}{a,b,c\r\n1,2,3\r\n".as_bytes());
    let first = loaded.report.errors[0].to_string();
    assert!(
        first.starts_with(
            "fuzz.json, line 1, byte 0: this is a CSV file whose header provlens does not know"
        ),
        "{first}"
    );
    // A real BOM, even after blank lines, is passed over.
    let loaded = same_in_any_chunking(format!("\r\n\u{FEFF}[{RECORD}]").as_bytes());
    assert_eq!((loaded.events.len(), loaded.report.errors.len()), (1, 0));
}
