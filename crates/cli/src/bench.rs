//! `provlens bench [--runs N] FILE...`: how fast the core loads files, for `make bench`
//! (tests/bench/run.mjs). Not in the usage text: it is a measurement, not a tool.
//!
//! The files are read into memory first, so the disk is not timed. Each run loads them all
//! into one [`Log`], as the page does: [`FileLoader::push`] in 1 MiB chunks, then
//! [`FileLoader::finish`] (timed as the load), then [`Log::add`] (timed apart: it merges
//! duplicates and joins a CSV download's steps to their events). Prints one JSON line: the
//! bytes, the load time of each run and their median, MB/s (10^6 bytes per second) of the
//! median, and what was loaded.
//!
//! [`FileLoader::push`]: provlens_core::FileLoader::push
//! [`FileLoader::finish`]: provlens_core::FileLoader::finish

use std::io;
use std::time::Instant;

use provlens_core::Log;
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
    });
    println!("{line}");
    Ok(())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
