//! Golden tests: every fixture under `tests/fixtures/` and every provisioning sample in
//! `../shared/samples/graph/` is loaded and dumped as compact text, compared with the
//! checked-in `tests/golden/<dir>/<file>.txt`. Each file is also loaded under the name
//! `unknown` and in chunks of several sizes, which must not change the result: detection
//! is by content, and the loader is truly incremental.
//!
//! `UPDATE_GOLDEN=1 cargo test -p provlens-core --test golden` rewrites the golden files;
//! review the diff before committing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use provlens_core::parts::Content;
use provlens_core::{FileLoader, LoadedFile, Log};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared samples sit beside the repository (`../shared` from its root).
fn shared_samples() -> PathBuf {
    manifest().join("../../../shared/samples")
}

fn load(name: &str, bytes: &[u8], chunk: usize) -> LoadedFile {
    let mut loader = FileLoader::new(name, 0);
    for part in bytes.chunks(chunk.max(1)) {
        loader.push(part);
    }
    loader.finish()
}

/// The model of one file, as text.
fn dump(loaded: &LoadedFile) -> String {
    let r = &loaded.report;
    let mut out = String::new();
    let _ = writeln!(out, "format: {}", r.format);
    if let Some(encoding) = &r.encoding {
        let _ = writeln!(out, "encoding: {encoding}");
    }
    // Parts (a CSV download's steps and properties) only where a file has some.
    let parts = if r.parts > 0 {
        format!("  parts: {}", r.parts)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "records: {}  events: {}  jobs: {}{parts}  skipped: {} (set aside: {})",
        r.records, r.events, r.jobs, r.skipped, r.set_aside
    );
    for e in &r.errors {
        let _ = writeln!(out, "error: {e}");
    }
    for j in &loaded.jobs {
        let _ = writeln!(
            out,
            "\njob {}",
            serde_json::to_string_pretty(j).unwrap_or_default()
        );
        // What the summary cards show, through the methods the page and the CLI call.
        let time =
            |t: Option<provlens_core::Timestamp>| t.map_or("-".to_string(), |t| t.to_string());
        let count = |n: Option<u64>| n.map_or("-".to_string(), |n| n.to_string());
        let _ = writeln!(
            out,
            "  quarantined: {}  initial cycle completed: {}  last cycle end: {}  runs: {}  users: {}  groups: {}",
            j.is_quarantined(),
            j.initial_cycle_completed(),
            time(j.last_cycle_end()),
            j.runs_every().unwrap_or_else(|| "not on a schedule".to_string()),
            count(j.in_scope("user")),
            count(j.in_scope("group")),
        );
        if let Some(q) = &j.quarantine {
            let _ = writeln!(
                out,
                "  quarantine cause: {}  advice: {}",
                q.cause().unwrap_or("-"),
                q.advice().map_or("-", |a| a.code)
            );
        }
    }
    for e in &loaded.events {
        let time = e.time.map_or_else(|| "-".to_string(), |t| t.to_string());
        let _ = writeln!(
            out,
            "\nevent {} {time} {} {} [{}]",
            e.id,
            e.action,
            e.status,
            e.identity_label()
        );
        let _ = writeln!(
            out,
            "  key: {}  span: {}+{} line {}",
            e.identity_key(),
            e.span.offset,
            e.span.len,
            e.span.line
        );
        let opt = |t: &Option<provlens_core::Text>| t.as_deref().unwrap_or("-").to_string();
        let _ = writeln!(
            out,
            "  job: {}  cycle: {}  change: {}",
            opt(&e.job_id),
            opt(&e.cycle_id),
            opt(&e.change_id)
        );
        let _ = writeln!(
            out,
            "  source: {} {} {} ({})  target: {} {} ({})",
            opt(&e.source.id),
            opt(&e.source.upn),
            opt(&e.source.display_name),
            opt(&e.source.kind),
            opt(&e.target.id),
            opt(&e.target.display_name),
            opt(&e.target.kind),
        );
        let _ = writeln!(
            out,
            "  systems: {} -> {}  app: {}  duration: {:?}",
            opt(&e.source_system),
            opt(&e.target_system),
            opt(&e.app),
            e.duration_ms
        );
        if let Some(code) = &e.error_code {
            let _ = writeln!(out, "  code: {code}");
        }
        if let Some(reason) = &e.reason {
            let _ = writeln!(
                out,
                "  reason: {}",
                reason.chars().take(120).collect::<String>()
            );
        }
        for s in &e.steps {
            let details: Vec<String> = s.details.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let _ = writeln!(
                out,
                "  step {} {} {}: {} {{{}}}",
                s.kind.as_str(),
                s.status,
                s.name,
                s.description,
                details.join(", ")
            );
        }
        for m in &e.modified {
            let _ = writeln!(
                out,
                "  modified {}: {} -> {}",
                m.name,
                opt(&m.old),
                opt(&m.new)
            );
        }
    }
    if !loaded.parts.is_empty() {
        out.push('\n');
    }
    for p in &loaded.parts {
        let order = p.order.map_or_else(String::new, |n| format!(" #{n}"));
        let _ = match &p.content {
            Content::Step(s) => {
                let details: Vec<String> =
                    s.details.iter().map(|(k, v)| format!("{k}={v}")).collect();
                writeln!(
                    out,
                    "part {}{order} step {} {} {}: {} {{{}}}",
                    p.change_id,
                    s.kind.as_str(),
                    s.status,
                    s.name,
                    s.description,
                    details.join(", ")
                )
            }
            Content::Property(m) => writeln!(
                out,
                "part {} modified {}: {} -> {}",
                p.change_id,
                m.name,
                m.old.as_deref().unwrap_or("-"),
                m.new.as_deref().unwrap_or("-")
            ),
        };
    }
    out
}

fn check_golden(dir: &str, path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fixture");
    let whole = load(name, &bytes, bytes.len());
    let text = dump(&whole);

    // Detection by content: the same file under the name `unknown`, in small chunks.
    for chunk in [1, 7, 64, 4096] {
        let mut again = load("unknown", &bytes, chunk);
        for e in &mut again.report.errors {
            e.file = name.to_string();
        }
        assert_eq!(
            dump(&again),
            text,
            "{name}: loading as `unknown` in {chunk}-byte chunks changed the result"
        );
    }
    // Every record is accounted for.
    let r = &whole.report;
    assert_eq!(
        r.records,
        r.events + r.jobs + r.parts + r.skipped,
        "{name}: records must be events + jobs + parts + skipped"
    );

    let golden = manifest()
        .join("tests/golden")
        .join(dir)
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().expect("golden dir")).expect("create golden dir");
        std::fs::write(&golden, &text).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
        panic!(
            "missing {}: run with UPDATE_GOLDEN=1 and review it",
            golden.display()
        )
    });
    assert_eq!(text, expected, "{name}: differs from {}", golden.display());
}

fn files_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

/// Every folder under `tests/fixtures/` is one format family; each file in it is a fixture
/// with a golden dump in `tests/golden/<folder>/`. Files meant to be loaded together (the
/// three CSV parts, overlapping pages) are also checked one by one here.
#[test]
fn every_fixture_matches_its_golden_dump() {
    let root = manifest().join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let family = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("folder name")
            .to_string();
        for path in files_in(&dir, |_| true) {
            check_golden(&family, &path);
        }
    }
}

/// The public real-format samples: every file of `../shared/samples/` (its folders), but the
/// column schema, which holds no records.
#[test]
fn shared_samples_match_their_golden_dumps() {
    for folder in ["graph", "azure-monitor"] {
        for path in files_in(&shared_samples().join(folder), |_| true) {
            check_golden("samples", &path);
        }
    }
}

#[test]
fn overlapping_downloads_are_merged_as_duplicates() {
    let dir = manifest().join("tests/fixtures/provisioning");
    let mut log = Log::new();
    for name in ["overlap-page1.json", "overlap-page2.json"] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let mut loader = log.loader(name);
        loader.push(&bytes);
        log.add(loader.finish());
    }
    // Page 1 holds the v1.0 success and error examples; page 2 the beta copies of the same
    // two events (same ids), so both of page 2's records are merged as duplicates.
    assert_eq!(log.files[0].events, 2);
    assert_eq!(log.files[1].events, 2);
    assert_eq!(log.files[1].duplicates, 2);
    assert_eq!(log.duplicates(), 2);
    assert_eq!(log.events.len(), 2);
    assert_eq!(
        log.records(),
        log.events.len() as u64 + log.duplicates() + log.skipped()
    );
}
