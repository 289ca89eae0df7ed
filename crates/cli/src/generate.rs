//! Large, realistic Entra ID logs for tests and benchmarks, in every format provlens reads.
//!
//! A made-up tenant (`contoso.com`) whose users are provisioned to one or two apps, one
//! provisioning cycle every 40 minutes per app: an initial cycle that evaluates every user,
//! then incremental cycles where users are updated, disabled, deleted, re-assigned and
//! created. About 88% of the events succeed, 4% fail with the codes and reason texts of
//! ERRORS.md §5 (escrowed failures keep failing and say how often they were retried), and 8%
//! are skipped because the user is not assigned to the app (`NotEffectivelyEntitled`).
//!
//! `records` is the number of provisioning events the tenant goes through; each
//! [`GenFormat`] writes them in its own shape:
//!
//! | `--format` | what | detected as |
//! |---|---|---|
//! | `portal` | provisioning, the portal's JSON download (minified array) | `portal-provisioning-json` |
//! | `graph` | provisioning, a Graph page (indented) | `graph-provisioning` |
//! | `jsonl` | provisioning, one JSON object per line | `provisioning-jsonl` |
//! | `portal-csv` | provisioning, the portal's three CSV files (`--out` is a prefix) | `portal-provisioning-csv`, `-steps-csv`, `-properties-csv` |
//! | `audit-graph` | audit, a Graph `directoryAudits` page | `graph-audit` |
//! | `audit-portal` | audit, the portal's JSON download | `portal-audit-json` |
//! | `audit-csv` | audit, the portal's CSV download (BOM, CRLF, 86 columns) | `audit-csv` |
//! | `eventhub` | Azure Monitor `{"records": […]}`: ProvisioningLogs and AuditLogs | `azure-monitor` |
//! | `storage` | Azure Monitor `PT1H.json` lines: the same records | `azure-monitor` |
//! | `la-rows` | Log Analytics `AADProvisioningLogs` rows as `az` prints them | `log-analytics-json` |
//! | `la-tables` | the same rows as the query API's `{"tables": …}` | `log-analytics-json` |
//! | `sync-job` | the first app's synchronization job status after the events | `sync-job` |
//!
//! Audit formats write each event's Import → Synchronization rule action → Export (two
//! events for a skip) with the event's change id as correlation id, so the audit and the
//! provisioning files of one tenant (same seed, users and records) join on the page; Azure
//! Monitor files hold each event's ProvisioningLogs record followed by its AuditLogs
//! records. [`GenerateOptions::gzip`] and [`GenerateOptions::utf16`] store any of them
//! compressed or as UTF-16LE; [`GenerateOptions::lean`] writes small provisioning records
//! (about 900 bytes instead of 3 KB) to make a million events without a 3 GB file.
//!
//! The output depends only on [`GenerateOptions`]: the same options give the same bytes. A
//! record is about 3 KB in the portal format (about 4.2 KB indented as a Graph page), so
//! 200,000 records make a portal download of about 600 MB. Files are written one record at a
//! time, in constant memory apart from a few bytes of state per user; 250,000 records take
//! about 7 s with the workspace's size-optimised release profile. A query API answer
//! (`la-tables`) is one JSON record to the core's splitter, so above 64 MB it is not read.
//!
//! The tenant depends on `seed` and `users` only, so two files made with the same seed and users
//! but different record counts begin with the same events (the initial cycles): like two
//! overlapping downloads, they share event ids.
//!
//! Parts: `tenant` simulates the users and apps, `event` turns one event into a Graph record,
//! `audit` into its audit events, `monitor`, `analytics`, `portal_csv` and `job` write the
//! other shapes, through the small writers in `json` and `csv`; `encode` compresses and
//! transcodes, and `random` holds the PRNG, ids and timestamps.

mod analytics;
mod audit;
mod csv;
mod encode;
mod event;
mod job;
mod json;
mod monitor;
mod portal_csv;
mod random;
mod tenant;

use std::io::{self, Write};

use audit::{audits, AuditIds, AuditStyle};
use encode::Encoded;
use event::{Event, Spelling};
use json::Json;
use tenant::Tenant;

/// The shape of the file to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenFormat {
    /// A Graph `GET /auditLogs/provisioning` page: `{"@odata.context": …, "value": [...]}`,
    /// indented like Graph Explorer shows it.
    GraphPage,
    /// The Entra admin center's "Download → JSON": a bare top-level array, minified.
    PortalJson,
    /// Provisioning events as JSON lines (`Get-MgAuditLogProvisioning | ConvertTo-Json
    /// -Compress`, `jq -c '.value[]'`).
    JsonLines,
    /// The portal's "Download → CSV": three files joined by the change id.
    PortalCsv,
    /// A Graph `GET /auditLogs/directoryAudits` page of provisioning audit events, indented.
    AuditGraph,
    /// The portal's audit-log "Download → JSON": a bare array, minified.
    AuditPortal,
    /// The portal's audit-log "Download → CSV": UTF-8 with a BOM, CRLF, English headers.
    AuditCsv,
    /// An Azure Monitor Event Hub body `{"records": [...]}` of ProvisioningLogs and AuditLogs.
    EventHub,
    /// An Azure Monitor storage blob `PT1H.json`: the same records, one per line.
    Storage,
    /// Log Analytics `AADProvisioningLogs` rows as `az monitor log-analytics query` prints them.
    AnalyticsRows,
    /// The same rows as the Log Analytics query API answers: `{"tables": [...]}`.
    AnalyticsTables,
    /// The first app's synchronization job status (`GET …/synchronization/jobs`).
    SyncJob,
}

impl GenFormat {
    /// Every format, in the order of the module's table.
    pub const ALL: [GenFormat; 12] = [
        GenFormat::PortalJson,
        GenFormat::GraphPage,
        GenFormat::JsonLines,
        GenFormat::PortalCsv,
        GenFormat::AuditGraph,
        GenFormat::AuditPortal,
        GenFormat::AuditCsv,
        GenFormat::EventHub,
        GenFormat::Storage,
        GenFormat::AnalyticsRows,
        GenFormat::AnalyticsTables,
        GenFormat::SyncJob,
    ];

    /// Its `--format` name.
    pub fn name(self) -> &'static str {
        match self {
            GenFormat::GraphPage => "graph",
            GenFormat::PortalJson => "portal",
            GenFormat::JsonLines => "jsonl",
            GenFormat::PortalCsv => "portal-csv",
            GenFormat::AuditGraph => "audit-graph",
            GenFormat::AuditPortal => "audit-portal",
            GenFormat::AuditCsv => "audit-csv",
            GenFormat::EventHub => "eventhub",
            GenFormat::Storage => "storage",
            GenFormat::AnalyticsRows => "la-rows",
            GenFormat::AnalyticsTables => "la-tables",
            GenFormat::SyncJob => "sync-job",
        }
    }

    /// The format with this `--format` name.
    pub fn parse(name: &str) -> Option<GenFormat> {
        GenFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The files it writes, as suffixes of `--out`: `[""]` (the file itself) but for the
    /// portal's three CSV files.
    pub fn files(self) -> &'static [&'static str] {
        match self {
            GenFormat::PortalCsv => &portal_csv::FILES,
            _ => &[""],
        }
    }
}

/// What [`generate`] writes.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// The file shape.
    pub format: GenFormat,
    /// How many provisioning events the tenant goes through (the records of the
    /// provisioning formats; the audit and Azure Monitor formats write more, see [`generate`]).
    pub records: u64,
    /// Seed of every random choice: the same options give the same bytes.
    pub seed: u64,
    /// How many users the tenant has (at least 1 when `records` > 0).
    pub users: u64,
    /// Compress each file with gzip.
    pub gzip: bool,
    /// Store the text as UTF-16LE with a BOM.
    pub utf16: bool,
    /// Small provisioning records (for `portal`, `graph` and `jsonl` only): the ids, time,
    /// action, status, user, app and deciding step, and nothing else.
    pub lean: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            format: GenFormat::PortalJson,
            records: 1000,
            seed: 1,
            users: 200,
            gzip: false,
            utf16: false,
            lean: false,
        }
    }
}

const PROVISIONING_CONTEXT: &str =
    "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning";
const AUDIT_CONTEXT: &str = "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits";

/// Writes `opts.records` provisioning events, in `opts.format`, to `outs` (one writer per
/// entry of [`GenFormat::files`]) and returns how many records the files hold: the events for
/// the provisioning formats, their audit events for the audit formats, both for Azure
/// Monitor, and 1 (the job) for `sync-job`.
///
/// Fails with [`io::ErrorKind::InvalidInput`] when records are asked for a tenant of 0 users,
/// when the number of writers is not the format's, or `lean` is asked of a format without
/// provisioning records of its own, and with the writer's error when writing fails.
pub fn generate(outs: &mut [&mut dyn Write], opts: &GenerateOptions) -> io::Result<u64> {
    let invalid = |why: &str| Err(io::Error::new(io::ErrorKind::InvalidInput, why.to_string()));
    if opts.users == 0 && opts.records > 0 {
        return invalid("a tenant needs at least one user");
    }
    if outs.len() != opts.format.files().len() {
        return invalid("one writer is needed per file of the format");
    }
    let lean_ok = matches!(
        opts.format,
        GenFormat::PortalJson | GenFormat::GraphPage | GenFormat::JsonLines
    );
    if opts.lean && !lean_ok {
        return invalid("lean records are written in the portal, graph and jsonl formats only");
    }
    let mut files: Vec<Encoded<'_>> = outs
        .iter_mut()
        .map(|out| Encoded::new(&mut **out, opts.gzip, opts.utf16))
        .collect();
    let mut tenant = Tenant::new(opts.seed, opts.users, opts.records);
    let written = match opts.format {
        GenFormat::PortalCsv => write_portal_csv(&mut files, &mut tenant, opts.records)?,
        GenFormat::AuditCsv => write_audit_csv(&mut files[0], &mut tenant, opts.records)?,
        GenFormat::SyncJob => write_sync_job(&mut files[0], &mut tenant, opts.records)?,
        _ => write_json(&mut files[0], &mut tenant, opts)?,
    };
    for file in files {
        file.finish()?;
    }
    Ok(written)
}

/// How the records of a JSON file sit in it.
enum Layout {
    /// A bare array.
    Array,
    /// `{"@odata.context": …, "value": [...]}`, or `{"records": [...]}` without a context.
    Envelope(Option<&'static str>, &'static str),
    /// One record per line.
    Lines,
    /// A Log Analytics query answer: the records are rows of its one table.
    Tables,
}

/// A JSON file being written: its writer and how many records it holds.
struct Records {
    json: Json,
    lines: bool,
    count: u64,
}

impl Records {
    /// Writes one record with `write`.
    fn add(&mut self, write: impl FnOnce(&mut Json)) {
        write(&mut self.json);
        if self.lines {
            self.json.buf.push('\n');
        }
        self.count += 1;
    }
}

/// Writes a JSON format, one event's records at a time.
fn write_json(out: &mut dyn Write, tenant: &mut Tenant, opts: &GenerateOptions) -> io::Result<u64> {
    let (pretty, layout) = match opts.format {
        GenFormat::GraphPage => (true, Layout::Envelope(Some(PROVISIONING_CONTEXT), "value")),
        GenFormat::AuditGraph => (true, Layout::Envelope(Some(AUDIT_CONTEXT), "value")),
        GenFormat::EventHub => (false, Layout::Envelope(None, "records")),
        GenFormat::JsonLines | GenFormat::Storage => (false, Layout::Lines),
        GenFormat::AnalyticsRows => (true, Layout::Array),
        GenFormat::AnalyticsTables => (false, Layout::Tables),
        _ => (false, Layout::Array),
    };
    let mut records = Records {
        json: Json::new(pretty),
        lines: matches!(layout, Layout::Lines),
        count: 0,
    };
    let json = &mut records.json;
    match layout {
        Layout::Array => json.open('['),
        Layout::Envelope(context, member) => {
            json.open('{');
            if let Some(context) = context {
                json.field("@odata.context", context);
            }
            json.key(member);
            json.open('[');
        }
        Layout::Lines => {}
        Layout::Tables => analytics::open_tables(json),
    }
    let mut ids = AuditIds::new(tenant);
    for index in 0..opts.records {
        let event = tenant.next_event(index);
        write_records(&mut records, &event, tenant, opts, &mut ids);
        out.write_all(records.json.buf.as_bytes())?;
        records.json.buf.clear();
    }
    let json = &mut records.json;
    match layout {
        Layout::Array => json.close(']'),
        Layout::Envelope(..) => {
            json.close(']');
            json.close('}');
        }
        Layout::Lines => {}
        Layout::Tables => analytics::close_tables(json),
    }
    if !records.lines {
        json.buf.push('\n');
    }
    out.write_all(json.buf.as_bytes())?;
    Ok(records.count)
}

/// Writes the records one event makes in a JSON format.
fn write_records(
    records: &mut Records,
    event: &Event,
    tenant: &Tenant,
    opts: &GenerateOptions,
    ids: &mut AuditIds,
) {
    match opts.format {
        GenFormat::AuditGraph | GenFormat::AuditPortal => {
            let style = if opts.format == GenFormat::AuditGraph {
                AuditStyle::Graph
            } else {
                AuditStyle::Portal
            };
            for audit in audits(event, tenant, ids) {
                records.add(|json| audit.write(json, event, tenant, style));
            }
        }
        GenFormat::EventHub | GenFormat::Storage => {
            records.add(|json| monitor::write_provisioning(json, event, tenant));
            for audit in audits(event, tenant, ids) {
                records.add(|json| monitor::write_audit(json, &audit, event, tenant));
            }
        }
        GenFormat::AnalyticsRows => records.add(|json| analytics::write_row(json, event, tenant)),
        GenFormat::AnalyticsTables => {
            records.add(|json| analytics::write_table_row(json, event, tenant));
        }
        _ if opts.lean => records.add(|json| event.write_lean(json, tenant)),
        _ => records.add(|json| event.write(json, tenant, Spelling::Graph)),
    }
}

/// Writes the portal's audit CSV: a header, then a row per audit event.
fn write_audit_csv(out: &mut dyn Write, tenant: &mut Tenant, records: u64) -> io::Result<u64> {
    let mut csv = csv::Csv::new();
    csv.buf.push('\u{feff}');
    csv.row(&audit::csv_header());
    let mut ids = AuditIds::new(tenant);
    let mut count = 0;
    for index in 0..records {
        let event = tenant.next_event(index);
        for audit in audits(&event, tenant, &mut ids) {
            audit.write_csv(&mut csv, &event, tenant);
            count += 1;
        }
        out.write_all(csv.buf.as_bytes())?;
        csv.buf.clear();
    }
    out.write_all(csv.buf.as_bytes())?;
    Ok(count)
}

/// Writes the portal's three provisioning CSV files, an event (and its steps and modified
/// properties) at a time.
fn write_portal_csv(
    outs: &mut [Encoded<'_>],
    tenant: &mut Tenant,
    records: u64,
) -> io::Result<u64> {
    let mut csv = [csv::Csv::new(), csv::Csv::new(), csv::Csv::new()];
    portal_csv::headers(&mut csv);
    for index in 0..=records {
        if index < records {
            let event = tenant.next_event(index);
            portal_csv::write_event(&mut csv, &event, tenant);
        }
        for (out, csv) in outs.iter_mut().zip(&mut csv) {
            out.write_all(csv.buf.as_bytes())?;
            csv.buf.clear();
        }
    }
    Ok(records)
}

/// Runs the tenant through its events and writes the first app's job status.
fn write_sync_job(out: &mut dyn Write, tenant: &mut Tenant, records: u64) -> io::Result<u64> {
    let mut job = job::Job::default();
    for index in 0..records {
        job.observe(&tenant.next_event(index));
    }
    let mut json = Json::new(true);
    job.write(&mut json, tenant);
    json.buf.push('\n');
    out.write_all(json.buf.as_bytes())?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use provlens_core::Log;
    use serde_json::Value;

    fn run(format: GenFormat, records: u64, seed: u64, users: u64) -> Vec<u8> {
        let opts = GenerateOptions {
            format,
            records,
            seed,
            users,
            ..GenerateOptions::default()
        };
        let (written, mut files) = write(&opts);
        assert_eq!(written, records);
        files.remove(0)
    }

    /// Generates in memory: the count written and each file's bytes.
    fn write(opts: &GenerateOptions) -> (u64, Vec<Vec<u8>>) {
        let mut files = vec![Vec::new(); opts.format.files().len()];
        let mut outs: Vec<&mut dyn Write> = files.iter_mut().map(|f| f as &mut dyn Write).collect();
        let written = generate(&mut outs, opts).expect("writing to a Vec cannot fail");
        (written, files)
    }

    /// Loads files into a log through the core, as the page does, in 64 KiB chunks.
    fn load(files: &[(String, Vec<u8>)]) -> Log {
        let mut log = Log::new();
        for (name, bytes) in files {
            let mut loader = log.loader(name);
            for chunk in bytes.chunks(1 << 16) {
                loader.push(chunk);
            }
            log.add(loader.finish());
        }
        log
    }

    /// The format id the core detects in each file of a format.
    fn detected_as(format: GenFormat) -> &'static [&'static str] {
        match format {
            GenFormat::PortalJson => &["portal-provisioning-json"],
            GenFormat::GraphPage => &["graph-provisioning"],
            GenFormat::JsonLines => &["provisioning-jsonl"],
            GenFormat::PortalCsv => &[
                "portal-provisioning-csv",
                "portal-provisioning-steps-csv",
                "portal-provisioning-properties-csv",
            ],
            GenFormat::AuditGraph => &["graph-audit"],
            GenFormat::AuditPortal => &["portal-audit-json"],
            GenFormat::AuditCsv => &["audit-csv"],
            GenFormat::EventHub | GenFormat::Storage => &["azure-monitor"],
            GenFormat::AnalyticsRows | GenFormat::AnalyticsTables => &["log-analytics-json"],
            GenFormat::SyncJob => &["sync-job"],
        }
    }

    /// Generates `format` and loads it: every record is read, none skipped, format as named.
    fn generate_and_load(format: GenFormat, records: u64, gzip: bool, utf16: bool) -> (u64, Log) {
        let opts = GenerateOptions {
            format,
            records,
            seed: 21,
            users: 60,
            gzip,
            utf16,
            lean: false,
        };
        let (written, files) = write(&opts);
        let named: Vec<(String, Vec<u8>)> = format
            .files()
            .iter()
            .map(|suffix| format!("generated-{}{suffix}", format.name()))
            .zip(files)
            .collect();
        let log = load(&named);
        let what = format!("{} (gzip {gzip}, utf16 {utf16})", format.name());
        let formats: Vec<&str> = log.files.iter().map(|f| f.format.id()).collect();
        assert_eq!(formats, detected_as(format), "{what}");
        for f in &log.files {
            assert_eq!(f.skipped, 0, "{what}: {:?}", f.first_error());
            assert_eq!(f.duplicates, 0, "{what}");
            let encoding = f.encoding.as_deref().unwrap_or("");
            assert_eq!(encoding.contains("gzip"), gzip, "{what}: {encoding}");
            assert_eq!(encoding.contains("UTF-16LE"), utf16, "{what}: {encoding}");
        }
        (written, log)
    }

    #[test]
    fn every_format_loads_whole_with_the_core() {
        for format in GenFormat::ALL {
            let (written, log) = generate_and_load(format, 400, false, false);
            let events = log.events.len() as u64;
            match format {
                GenFormat::SyncJob => {
                    assert_eq!((written, events, log.jobs.len()), (1, 0, 1));
                    assert_eq!(log.jobs[0].code.as_deref(), Some("Active"));
                }
                // One event per record; for the audit and Azure Monitor formats, more records
                // than provisioning events.
                GenFormat::AuditGraph
                | GenFormat::AuditPortal
                | GenFormat::AuditCsv
                | GenFormat::EventHub
                | GenFormat::Storage => {
                    assert_eq!(events, written, "{}", format.name());
                    assert!(written > 2 * 400, "{}: {written}", format.name());
                }
                _ => assert_eq!((written, events), (400, 400), "{}", format.name()),
            }
        }
    }

    #[test]
    fn every_format_loads_gzipped_and_as_utf16() {
        for format in GenFormat::ALL {
            let plain = generate_and_load(format, 60, false, false).0;
            for (gzip, utf16) in [(true, false), (false, true), (true, true)] {
                let (written, log) = generate_and_load(format, 60, gzip, utf16);
                assert_eq!(written, plain);
                let events = log.events.len() as u64 + log.jobs.len() as u64;
                assert_eq!(events, written, "{}", format.name());
            }
        }
    }

    #[test]
    fn audit_events_share_the_change_ids_of_the_provisioning_events() {
        let provisioning = records(&run(GenFormat::PortalJson, 1_000, 4, 100));
        let opts = GenerateOptions {
            format: GenFormat::AuditPortal,
            records: 1_000,
            seed: 4,
            users: 100,
            ..GenerateOptions::default()
        };
        let (written, files) = write(&opts);
        let audit = records(&files[0]);
        assert_eq!(audit.len() as u64, written);
        let skipped = provisioning
            .iter()
            .filter(|r| r["provisioningStatusInfo"]["status"] == "skipped")
            .count();
        assert_eq!(audit.len(), 3 * provisioning.len() - skipped);
        let mut by_change = std::collections::HashMap::<&str, Vec<&str>>::new();
        for a in &audit {
            let id = a["correlationId"].as_str().expect("correlationId");
            by_change
                .entry(id)
                .or_default()
                .push(a["activityDisplayName"].as_str().expect("activity"));
        }
        for p in &provisioning {
            let change = p["changeId"].as_str().expect("changeId");
            let activities = &by_change[change];
            assert_eq!(activities[..2], ["Import", "Synchronization rule action"]);
            let anchor = p["sourceIdentity"]["id"].as_str().expect("id");
            let audits = audit.iter().filter(|a| a["correlationId"] == change);
            for a in audits {
                let details = a["additionalDetails"].as_array().expect("details");
                assert!(details
                    .iter()
                    .any(|d| d["key"] == "SourceAnchor" && d["value"] == anchor));
            }
        }
        let processed_escrow = by_change
            .values()
            .flatten()
            .filter(|a| **a == "Process escrow");
        assert!(processed_escrow.count() > 0, "escrow retries are logged");
    }

    #[test]
    fn lean_records_are_small_and_load_whole() {
        let opts = GenerateOptions {
            format: GenFormat::PortalJson,
            records: 5_000,
            seed: 2,
            users: 800,
            lean: true,
            ..GenerateOptions::default()
        };
        let (_, files) = write(&opts);
        let per_record = files[0].len() / 5_000;
        assert!((700..1_000).contains(&per_record), "{per_record} bytes");
        let log = load(&[("lean.json".to_string(), files[0].clone())]);
        assert_eq!((log.events.len(), log.files[0].skipped), (5_000, 0));
        let bad = GenerateOptions {
            format: GenFormat::AuditCsv,
            lean: true,
            ..GenerateOptions::default()
        };
        let err = generate(&mut [&mut Vec::new()], &bad).expect_err("lean audit");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn the_csv_files_have_a_bom_and_crlf() {
        for format in [GenFormat::AuditCsv, GenFormat::PortalCsv] {
            let opts = GenerateOptions {
                format,
                records: 50,
                ..GenerateOptions::default()
            };
            for file in write(&opts).1 {
                let text = String::from_utf8(file).expect("UTF-8");
                assert!(text.starts_with('\u{feff}'), "{}", format.name());
                let header = text.split('\n').next().unwrap_or_default();
                assert!(header.ends_with('\r') && text.ends_with("\r\n"));
            }
        }
    }

    fn records(bytes: &[u8]) -> Vec<Value> {
        match serde_json::from_slice(bytes).expect("valid JSON") {
            Value::Array(records) => records,
            Value::Object(mut page) => match page.remove("value") {
                Some(Value::Array(records)) => records,
                other => panic!("no value array: {other:?}"),
            },
            other => panic!("unexpected top level: {other:?}"),
        }
    }

    #[test]
    fn portal_json_is_a_minified_array_with_the_asked_count() {
        let out = run(GenFormat::PortalJson, 500, 7, 120);
        assert_eq!(out.first(), Some(&b'['));
        assert_eq!(
            out.iter().filter(|&&b| b == b'\n').count(),
            1,
            "one trailing newline only"
        );
        assert_eq!(records(&out).len(), 500);
    }

    #[test]
    fn graph_page_has_the_odata_envelope() {
        let out = run(GenFormat::GraphPage, 300, 7, 120);
        let page: Value = serde_json::from_slice(&out).expect("valid JSON");
        assert_eq!(
            page["@odata.context"],
            "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning"
        );
        assert_eq!(records(&out).len(), 300);
    }

    #[test]
    fn both_formats_hold_the_same_records() {
        let graph = records(&run(GenFormat::GraphPage, 200, 3, 50));
        let portal = records(&run(GenFormat::PortalJson, 200, 3, 50));
        assert_eq!(graph, portal);
    }

    #[test]
    fn same_options_same_bytes_other_seed_other_bytes() {
        let a = run(GenFormat::PortalJson, 400, 42, 80);
        assert_eq!(a, run(GenFormat::PortalJson, 400, 42, 80));
        assert_ne!(a, run(GenFormat::PortalJson, 400, 43, 80));
    }

    #[test]
    fn empty_and_tiny_tenants() {
        assert_eq!(run(GenFormat::PortalJson, 0, 1, 0), b"[]\n");
        assert_eq!(run(GenFormat::JsonLines, 0, 1, 0), b"");
        assert!(records(&run(GenFormat::GraphPage, 0, 1, 5)).is_empty());
        assert_eq!(records(&run(GenFormat::PortalJson, 50, 1, 1)).len(), 50);
        let opts = GenerateOptions {
            format: GenFormat::PortalJson,
            records: 1,
            seed: 1,
            users: 0,
            ..GenerateOptions::default()
        };
        let err = generate(&mut [&mut Vec::new()], &opts).expect_err("no users");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn records_look_like_provisioning_object_summaries() {
        let all = records(&run(GenFormat::PortalJson, 20_000, 11, 1_000));
        let mut ids = std::collections::HashSet::new();
        let mut last_time = String::new();
        let mut statuses = std::collections::BTreeMap::<String, usize>::new();
        for r in &all {
            assert!(
                ids.insert(r["id"].as_str().expect("id").to_string()),
                "duplicate id"
            );
            let time = r["activityDateTime"].as_str().expect("time").to_string();
            assert!(time >= last_time, "{time} before {last_time}");
            last_time = time;
            let status = r["provisioningStatusInfo"]["status"]
                .as_str()
                .expect("status");
            *statuses.entry(status.to_string()).or_default() += 1;
            let steps = r["provisioningSteps"].as_array().expect("steps");
            assert_eq!(steps[0]["provisioningStepType"], "import");
            let upn = r["provisioningSteps"][0]["details"]["userPrincipalName"]
                .as_str()
                .expect("upn");
            assert!(upn.ends_with("@contoso.com"), "{upn}");
            match status {
                "failure" => {
                    let error = &r["provisioningStatusInfo"]["errorInformation"];
                    assert!(error["errorCode"].as_str().is_some_and(|c| !c.is_empty()));
                    assert_eq!(steps.last().expect("a step")["status"], "failure");
                }
                "skipped" => {
                    let skip = steps.last().expect("a step");
                    assert_eq!(skip["name"], "EntrySynchronizationSkip");
                    assert_eq!(skip["details"]["SkipReason"], "NotEffectivelyEntitled");
                    assert!(r["provisioningStatusInfo"]["errorInformation"].is_null());
                }
                _ => assert!(r["provisioningStatusInfo"]["errorInformation"].is_null()),
            }
        }
        let share = |s: &str| statuses.get(s).copied().unwrap_or(0) as f64 / all.len() as f64;
        assert!((0.84..0.92).contains(&share("success")), "{statuses:?}");
        assert!((0.025..0.06).contains(&share("failure")), "{statuses:?}");
        assert!((0.05..0.11).contains(&share("skipped")), "{statuses:?}");
        let retried = all.iter().filter(|r| {
            r["provisioningStatusInfo"]["errorInformation"]["reason"]
                .as_str()
                .is_some_and(|t| t.contains("It will be retried again after this date: 2026-"))
        });
        assert!(retried.count() > 0, "some failures are escrow retries");
    }

    #[test]
    fn a_record_is_about_3_kb_in_the_portal_format() {
        let out = run(GenFormat::PortalJson, 20_000, 5, 500);
        let per_record = out.len() / 20_000;
        assert!(
            (2_600..3_300).contains(&per_record),
            "{per_record} bytes per record"
        );
    }
}
