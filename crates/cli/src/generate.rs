//! Large, realistic provisioning logs for tests and benchmarks.
//!
//! A made-up tenant (`contoso.com`) whose users are provisioned to one or two apps, one
//! provisioning cycle every 40 minutes per app, written as Graph `provisioningObjectSummary`
//! records (see FORMATS.md §1): an initial cycle that evaluates every user, then incremental
//! cycles where users are updated, disabled, deleted, re-assigned and created. About 88% of the
//! events succeed, 4% fail with the codes and reason texts of ERRORS.md §5 (escrowed failures
//! keep failing and say how often they were retried), and 8% are skipped because the user is not
//! assigned to the app (`NotEffectivelyEntitled`).
//!
//! The output depends only on [`GenerateOptions`]: the same options give the same bytes. A
//! record is about 3 KB in the portal format (about 4.2 KB indented as a Graph page), so
//! 200,000 records make a portal download of about 600 MB. JSON is written by hand, one record
//! at a time, in constant memory apart from a few bytes of state per user; 250,000 records take
//! about 7 s with the workspace's size-optimised release profile.
//!
//! The tenant depends on `seed` and `users` only, so two files made with the same seed and users
//! but different record counts begin with the same events (the initial cycles): like two
//! overlapping downloads, they share event ids.
//!
//! Parts: `tenant` simulates the users and apps, `event` turns one event into JSON through the
//! small writer in `json`, and `random` holds the PRNG, ids and timestamps.

mod event;
mod json;
mod random;
mod tenant;

use std::io::{self, BufWriter, Write};

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
}

/// What [`generate`] writes.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// The file shape.
    pub format: GenFormat,
    /// How many records (provisioning events) to write.
    pub records: u64,
    /// Seed of every random choice: the same options give the same bytes.
    pub seed: u64,
    /// How many users the tenant has (at least 1 when `records` > 0).
    pub users: u64,
}

/// Writes `opts.records` provisioning events to `out` and returns how many were written.
///
/// Fails with [`io::ErrorKind::InvalidInput`] when records are asked for a tenant of 0 users,
/// and with the writer's error when writing fails.
pub fn generate(out: &mut dyn Write, opts: &GenerateOptions) -> io::Result<u64> {
    if opts.users == 0 && opts.records > 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a tenant needs at least one user",
        ));
    }
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut json = Json::new(opts.format == GenFormat::GraphPage);
    if opts.format == GenFormat::GraphPage {
        json.open('{');
        json.key("@odata.context");
        json.str("https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning");
        json.key("value");
    }
    json.open('[');
    let mut tenant = Tenant::new(opts.seed, opts.users, opts.records);
    for index in 0..opts.records {
        let event = tenant.next_event(index);
        event.write(&mut json, &tenant);
        out.write_all(json.buf.as_bytes())?;
        json.buf.clear();
    }
    json.close(']');
    if opts.format == GenFormat::GraphPage {
        json.close('}');
    }
    json.buf.push('\n');
    out.write_all(json.buf.as_bytes())?;
    out.flush()?;
    Ok(opts.records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn run(format: GenFormat, records: u64, seed: u64, users: u64) -> Vec<u8> {
        let mut out = Vec::new();
        let opts = GenerateOptions {
            format,
            records,
            seed,
            users,
        };
        let written = generate(&mut out, &opts).expect("writing to a Vec cannot fail");
        assert_eq!(written, records);
        out
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
        assert!(records(&run(GenFormat::GraphPage, 0, 1, 5)).is_empty());
        assert_eq!(records(&run(GenFormat::PortalJson, 50, 1, 1)).len(), 50);
        let opts = GenerateOptions {
            format: GenFormat::PortalJson,
            records: 1,
            seed: 1,
            users: 0,
        };
        let err = generate(&mut Vec::new(), &opts).expect_err("no users");
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
