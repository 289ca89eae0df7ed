//! The portal's provisioning-log CSV download: its three files, dropped in any order,
//! together or in separate drops, join into the same events as the JSON download of the
//! same logs; a file dropped without the others says what is missing.

use std::path::PathBuf;

use provlens_core::event::Event;
use provlens_core::formats::Format;
use provlens_core::session::{Request, Response, Session};
use provlens_core::timeline::{self, VerdictKind};
use provlens_core::{LoadedFile, Log};

const EVENTS: &str = "ProvisioningLogs.csv";
const STEPS: &str = "ProvisioningLogs_ProvisioningSteps.csv";
const PROPERTIES: &str = "ProvisioningLogs_ModifiedProperties.csv";

/// The change ids of the two Graph documentation samples the download holds.
const SUCCESS: &str = "b6502552-018d-89bd-9969-b49194dc65c1";
const FAILURE: &str = "eaad2f8b-e6e3-409b-83bd-e4e2e57177d5";

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/provisioning-csv")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/samples/graph")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(log: &Log, name: &str, bytes: &[u8]) -> LoadedFile {
    let mut loader = log.loader(name);
    loader.push(bytes);
    loader.finish()
}

/// A log of the fixtures `names`, added one after another.
fn log_of(names: &[&str]) -> Log {
    let mut log = Log::new();
    for name in names {
        let loaded = read(&log, name, &fixture(name));
        log.add(loaded);
    }
    log
}

fn by_change<'l>(log: &'l Log, change: &str) -> &'l Event {
    log.events
        .iter()
        .find(|e| e.change_id.as_deref() == Some(change))
        .unwrap_or_else(|| panic!("no event of change {change}"))
}

/// The event of the Graph documentation sample `name`.
fn json_event(name: &str) -> Event {
    let mut log = Log::new();
    let loaded = read(&log, name, &sample(name));
    log.add(loaded);
    log.events.remove(0)
}

/// The event as read, but where it came from: the download has no event ids, so the change
/// id stands for it.
fn content(event: &Event) -> Event {
    let mut e = event.clone();
    e.id = e.change_id.clone().unwrap_or_default();
    e.file = 0;
    e.span = Default::default();
    e
}

fn assert_joined(log: &Log, order: &str) {
    assert_eq!(log.events.len(), 5, "{order}");
    for (change, json) in [
        (SUCCESS, "provisioning-v1-list-success.json"),
        (FAILURE, "provisioning-v1-list-error.json"),
    ] {
        let csv = by_change(log, change);
        assert_eq!(
            content(csv),
            content(&json_event(json)),
            "{order}: {change}"
        );
    }
    for f in &log.files {
        assert_eq!(f.missing, None, "{order}: {}", f.name);
        assert_eq!(f.duplicates, 0, "{order}: {}", f.name);
    }
    let steps: usize = log.events.iter().map(|e| e.steps.len()).sum();
    let properties: usize = log.events.iter().map(|e| e.modified.len()).sum();
    assert_eq!((steps, properties), (13, 14), "{order}");
    // Every record is accounted for.
    let parts: u64 = log.files.iter().map(|f| f.parts).sum();
    assert_eq!(
        log.records(),
        log.events.len() as u64 + log.duplicates() + parts + log.skipped()
    );
}

#[test]
fn the_three_files_join_in_every_order_into_the_json_samples_events() {
    let orders = [
        [EVENTS, STEPS, PROPERTIES],
        [EVENTS, PROPERTIES, STEPS],
        [STEPS, EVENTS, PROPERTIES],
        [STEPS, PROPERTIES, EVENTS],
        [PROPERTIES, EVENTS, STEPS],
        [PROPERTIES, STEPS, EVENTS],
    ];
    for order in orders {
        let log = log_of(&order);
        assert_eq!(log.files[0].format.id(), format_of(order[0]));
        assert_joined(&log, &order.join(" + "));
    }
}

fn format_of(name: &str) -> &'static str {
    match name {
        EVENTS => "portal-provisioning-csv",
        STEPS => "portal-provisioning-steps-csv",
        _ => "portal-provisioning-properties-csv",
    }
}

/// Drops the files of each batch through the worker's session, one batch after another.
fn session_of(batches: &[&[&str]]) -> Session {
    let mut s = Session::new();
    for batch in batches {
        for name in *batch {
            s.handle(Request::BeginFile {
                name: name.to_string(),
                size: None,
            });
            for chunk in fixture(name).chunks(1000) {
                s.push(chunk);
            }
            assert!(matches!(
                s.handle(Request::EndFile),
                Some(Response::FileDone(_))
            ));
        }
        assert!(matches!(
            s.handle(Request::EndBatch),
            Some(Response::Loaded(_))
        ));
    }
    s
}

#[test]
fn the_files_join_across_two_drops() {
    let splits: [&[&[&str]]; 4] = [
        &[&[STEPS], &[EVENTS, PROPERTIES]],
        &[&[PROPERTIES, STEPS], &[EVENTS]],
        &[&[EVENTS], &[PROPERTIES, STEPS]],
        &[&[EVENTS, STEPS], &[PROPERTIES]],
    ];
    for batches in splits {
        let s = session_of(batches);
        assert_joined(s.log(), &format!("{batches:?}"));
    }
    // Between the drops, the first drop's files say what is missing.
    let s = session_of(&[&[STEPS]]);
    assert!(s.log().events.is_empty());
    assert_eq!(
        s.overview().files[0].missing.as_deref(),
        Some("13 steps wait for their events: drop ProvisioningLogs.csv too")
    );
}

#[test]
fn a_steps_file_alone_says_which_file_to_drop() {
    let mut log = log_of(&[STEPS]);
    let steps = &log.files[0];
    assert_eq!(steps.format, Format::PortalProvisioningStepsCsv);
    assert_eq!((steps.records, steps.parts, steps.events), (13, 13, 0));
    assert!(!steps.failed());
    assert_eq!(
        steps.missing.as_deref(),
        Some("13 steps wait for their events: drop ProvisioningLogs.csv too")
    );

    // The events come: the steps join; the properties are missing now.
    let loaded = read(&log, EVENTS, &fixture(EVENTS));
    log.add(loaded);
    assert_eq!(log.files[0].missing, None);
    assert_eq!(
        log.files[1].missing.as_deref(),
        Some(
            "the events' modified properties are in another file of the download: drop \
             ProvisioningLogs_ModifiedProperties.csv too"
        )
    );
    assert_eq!(by_change(&log, FAILURE).steps.len(), 3);
}

#[test]
fn an_events_file_alone_names_the_two_other_files() {
    let log = log_of(&[EVENTS]);
    assert_eq!(
        log.files[0].missing.as_deref(),
        Some(
            "the events' steps and modified properties are in two other files of the \
             download: drop ProvisioningLogs_ProvisioningSteps.csv and \
             ProvisioningLogs_ModifiedProperties.csv too"
        )
    );
    // Still a usable log: statuses and error codes are in the events file.
    assert_eq!(
        by_change(&log, FAILURE).error_code.as_deref(),
        Some("ContosoEntryConflict")
    );
}

#[test]
fn a_properties_file_alone_and_parts_of_another_download_say_what_is_missing() {
    let log = log_of(&["properties-semicolon.csv"]);
    assert_eq!(
        log.files[0].missing.as_deref(),
        Some("6 modified properties wait for their events: drop ProvisioningLogs.csv too")
    );
    // With the events of another download: the change ids are not there.
    let log = log_of(&["portal-grid-columns.csv", "graph-names-steps.csv"]);
    assert_eq!(
        log.files[1].missing.as_deref(),
        Some(
            "2 steps wait for their events, whose change IDs are in none of the files loaded: \
             drop the ProvisioningLogs.csv of the same download too"
        )
    );
}

#[test]
fn graph_property_names_read_like_the_portal_s_words() {
    // Dotted Graph names, LF, no BOM; the properties with semicolons and other words.
    let log = log_of(&[
        "graph-names-steps.csv",
        "properties-semicolon.csv",
        "graph-names-events.csv",
    ]);
    let failure = by_change(&log, FAILURE);
    let mut json = json_event("provisioning-v1-list-error.json");
    json.file = failure.file;
    json.span = failure.span;
    assert_eq!(failure, &json);
    // The success sample's properties are not in that properties file.
    let success = by_change(&log, SUCCESS);
    assert_eq!(success.steps.len(), 2);
    assert!(success.modified.is_empty());
}

#[test]
fn the_same_steps_twice_are_duplicates_not_doubled_steps() {
    let log = log_of(&[EVENTS, STEPS, STEPS, "graph-names-steps.csv"]);
    assert_eq!(by_change(&log, FAILURE).steps.len(), 3);
    assert_eq!(log.files[2].duplicates, 13);
    assert_eq!(log.files[3].duplicates, 5);
    // An event whose JSON record carried its steps takes none from a CSV file.
    let mut log = Log::new();
    let name = "provisioning-v1-list-error.json";
    let loaded = read(&log, name, &sample(name));
    log.add(loaded);
    let loaded = read(
        &log,
        "graph-names-steps.csv",
        &fixture("graph-names-steps.csv"),
    );
    log.add(loaded);
    assert_eq!(log.events[0].steps.len(), 3);
    assert_eq!(log.files[1].duplicates, 3);
    assert_eq!(
        log.files[1].missing.as_deref(),
        Some("2 steps wait for their events: drop ProvisioningLogs.csv too")
    );
}

#[test]
fn numbered_steps_join_in_their_order() {
    let log = log_of(&["steps-truncated.csv", EVENTS]);
    let goran = by_change(&log, "9c4d7e1a-2b5f-4a8c-b3d6-7e0f1a2b3c4d");
    let names: Vec<&str> = goran.steps.iter().map(|s| &*s.name).collect();
    assert_eq!(names, ["EntryImportAdd", "EntryExportAdd"]);
    assert_eq!(log.files[0].skipped, 3);
}

#[test]
fn the_joined_download_gives_each_identity_its_timeline_and_verdict() {
    let log = log_of(&[PROPERTIES, STEPS, EVENTS]);
    let verdict = |search: &str| {
        let key = timeline::find_identity(&log, search).expect("identity");
        timeline::timeline(&log, &key).expect("timeline").verdict
    };
    let pilot = verdict("Self-service Pilot");
    assert_eq!(pilot.kind, VerdictKind::Failing);
    assert_eq!(pilot.error_code.as_deref(), Some("ContosoEntryConflict"));
    // The UPN and the skip reason come from the steps file.
    let megan = verdict("megan.bowen@contoso.com");
    assert_eq!(megan.kind, VerdictKind::Skipped);
    assert_eq!(megan.error_code.as_deref(), Some("NotEffectivelyEntitled"));
    assert_eq!(
        verdict("goran.novak@contoso.com").kind,
        VerdictKind::Retrying
    );
    assert_eq!(
        verdict("adele.vance@contoso.com").kind,
        VerdictKind::Provisioned
    );
}
