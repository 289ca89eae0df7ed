//! `provlens bench [--runs N] [--queries] FILE...`: how fast the core loads files, for
//! `make bench` (tests/bench/run.mjs). Not in the usage text: it is a measurement, not a tool.
//!
//! The files are read into memory first, so the disk is not timed. Each run loads them all
//! into one [`Log`], as the page does: [`FileLoader::push`] in 1 MiB chunks, then
//! [`FileLoader::finish`] (timed as the load), then [`Log::add`] (timed apart: it merges
//! duplicates and joins a CSV download's steps to their events). Prints one JSON line: the
//! bytes, the load time of each run and their median, MB/s (10^6 bytes per second) of the
//! median, what was loaded, the memory the events hold ([`event_bytes`]), and how long the
//! first sort by each column takes on the last run's log (`sort_ms`: the index, built on
//! the first, and each column's ascending order; what a header click waits for in the
//! worker).
//!
//! With `--queries`, it then loads the files once more through a [`Session`], as the page's
//! reader does, and times what the reader does for each sort and filter of the browser
//! benchmark (tests/bench/run.mjs), in the same order: the query, the rows the page gets with
//! its answer (128, as for a view at the top), then the histogram the page asks next. Prints
//! a second JSON line: `end_batch_ms` (adding the batch, joining identities, the overview),
//! `prepare_ms` (every column's order, made after the page has the load's answer),
//! `overview_ms` (what the page is sent after a load: summary, lists, facets) and `queries`,
//! one `[what, query_ms, rows_ms, histogram_ms]` per step.
//!
//! [`FileLoader::push`]: provlens_core::FileLoader::push
//! [`FileLoader::finish`]: provlens_core::FileLoader::finish

use std::collections::HashSet;
use std::io;
use std::mem::size_of;
use std::time::Instant;

use provlens_core::query::{Column, Query};
use provlens_core::session::{Request, Session};
use provlens_core::{Event, Log, Status, Text};
use serde_json::json;

/// Loads `paths` `runs` times and prints the timings.
pub fn bench(paths: &[String], runs: usize) -> io::Result<()> {
    let files = paths
        .iter()
        .map(|p| Ok((p.as_str(), std::fs::read(p)?)))
        .collect::<io::Result<Vec<_>>>()?;
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut load_times = Vec::new();
    let mut add_times = Vec::new();
    let mut last = Log::new();
    for _ in 0..runs.max(1) {
        let mut log = Log::new();
        let (mut load, mut add) = (0.0, 0.0);
        for (path, content) in &files {
            let started = Instant::now();
            let mut loader = log.loader(path);
            for chunk in content.chunks(1 << 20) {
                loader.push(chunk);
            }
            let loaded = loader.finish();
            let loaded_at = Instant::now();
            log.add(loaded);
            load += (loaded_at - started).as_secs_f64();
            add += loaded_at.elapsed().as_secs_f64();
        }
        load_times.push(load);
        add_times.push(add);
        last = log;
    }
    let load = median(&mut load_times.clone());
    let sort_ms = first_sorts(&last);
    let formats: Vec<&str> = last.files.iter().map(|f| f.format.id()).collect();
    let line = json!({
        "files": paths,
        "formats": formats,
        "bytes": bytes,
        "load_s": load_times,
        "add_s": add_times,
        "median_load_s": load,
        "median_add_s": median(&mut add_times),
        "mb_per_s": bytes as f64 / 1e6 / load,
        "events": last.events.len(),
        "jobs": last.jobs.len(),
        "skipped": last.files.iter().map(|f| f.skipped).sum::<u64>(),
        "duplicates": last.duplicates(),
        "sort_ms": sort_ms,
        "event_bytes": event_bytes(&last),
        "bytes_per_event": event_bytes(&last) / last.events.len().max(1),
    });
    println!("{line}");
    Ok(())
}

/// Loads `paths` through a [`Session`] and times the browser benchmark's sorts and filters.
pub fn queries(paths: &[String]) -> io::Result<()> {
    let mut session = Session::new();
    for path in paths {
        let content = std::fs::read(path)?;
        session.handle(Request::BeginFile {
            name: path.clone(),
            size: Some(content.len() as u64),
        });
        for chunk in content.chunks(1 << 20) {
            session.push(chunk);
        }
        session.handle(Request::EndFile);
    }
    let ms = |started: Instant| (started.elapsed().as_secs_f64() * 1e4).round() / 10.0;
    let started = Instant::now();
    session.handle(Request::EndBatch);
    let end_batch_ms = ms(started);
    let started = Instant::now();
    session.prepare();
    let prepare_ms = ms(started);
    let started = Instant::now();
    let overview = session.overview();
    let overview_ms = ms(started);
    drop(overview);
    let mut query = Query::default();
    let mut steps = Vec::new();
    let columns = [
        "time", "time", "identity", "status", "activity", "reason", "reason",
    ];
    let sorts = columns.iter().map(|&c| {
        let column = Column::parse(c).expect("a column");
        (format!("sort {c}"), Some(column), None)
    });
    let statuses = [Some(Status::Failure), None, Some(Status::Skipped), None];
    let filters = statuses
        .into_iter()
        .map(|s| (format!("status {s:?}"), None, Some(s)));
    for (what, column, status) in sorts.chain(filters) {
        if let Some(column) = column {
            query.sort = query.sort.clicked(column);
        }
        if let Some(status) = status {
            query.status = status;
        }
        let started = Instant::now();
        session.handle(Request::Query(query.clone()));
        let query_ms = ms(started);
        let started = Instant::now();
        let rows = session.rows(0, 128);
        let rows_ms = ms(started);
        assert_eq!(rows.len(), 128.min(session.total() as usize));
        let started = Instant::now();
        session.handle(Request::Histogram);
        steps.push(json!([what, query_ms, rows_ms, ms(started)]));
    }
    println!(
        "{}",
        json!({
            "events": session.log().events.len(),
            "end_batch_ms": end_batch_ms,
            "prepare_ms": prepare_ms,
            "overview_ms": overview_ms,
            "queries": steps,
        })
    );
    Ok(())
}

/// Milliseconds of the first sort by each column, ascending (the first includes building
/// the index).
fn first_sorts(log: &Log) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for column in Column::ALL {
        let started = Instant::now();
        let order = log.index().order(&log.events, column, false);
        let ms = started.elapsed().as_secs_f64() * 1e3;
        assert_eq!(order.len(), log.events.len());
        out.insert(
            column.as_str().to_string(),
            json!((ms * 10.0).round() / 10.0),
        );
    }
    serde_json::Value::Object(out)
}

/// The memory the log's events hold: each [`Event`] and its vectors' capacity, and each distinct
/// shared string once (its two reference counts and its bytes). The allocator's own
/// overhead and the log's indexes are not counted.
fn event_bytes(log: &Log) -> usize {
    let events = &log.events;
    let mut seen: HashSet<*const u8> = HashSet::new();
    let mut text = |t: &Text| {
        if seen.insert(t.as_ptr()) {
            2 * size_of::<usize>() + t.len()
        } else {
            0
        }
    };
    let mut total = events.capacity() * size_of::<Event>();
    for e in events {
        let parties = [&e.source, &e.target]
            .into_iter()
            .flat_map(|p| [&p.id, &p.display_name, &p.kind, &p.upn]);
        let own = [
            &e.error_code,
            &e.reason,
            &e.recommended_action,
            &e.job_id,
            &e.cycle_id,
            &e.change_id,
            &e.source_system,
            &e.target_system,
            &e.app,
            &e.reportable_id,
        ];
        for t in own.into_iter().chain(parties).flatten() {
            total += text(t);
        }
        total += text(&e.id) + text(&e.activity);
        total += e.steps.capacity() * size_of::<provlens_core::Step>();
        for s in &e.steps {
            total += text(&s.name) + text(&s.description);
            total += s.details.capacity() * size_of::<(Text, Text)>();
            for (k, v) in &s.details {
                total += text(k) + text(v);
            }
        }
        total += e.modified.capacity() * size_of::<provlens_core::event::ModifiedProperty>();
        for m in &e.modified {
            total += text(&m.name);
            for t in [&m.old, &m.new].into_iter().flatten() {
                total += text(t);
            }
        }
    }
    total
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
