//! Events over time, stacked by status: the chart above the grid. The bucket width is
//! chosen from the span of the events so the chart has at most [`MAX_BUCKETS`] bars, on a
//! round step (a minute, five minutes, an hour, a day …).

use serde::{Deserialize, Serialize};

use crate::event::{Event, Status};
use crate::log::Log;
use crate::time::Timestamp;

/// The most bars the chart draws.
pub const MAX_BUCKETS: usize = 120;

/// Round bucket widths, in milliseconds, smallest first.
const STEPS: [i64; 14] = [
    1_000,
    10_000,
    60_000,
    5 * 60_000,
    10 * 60_000,
    30 * 60_000,
    3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    12 * 3_600_000,
    86_400_000,
    7 * 86_400_000,
    30 * 86_400_000,
    365 * 86_400_000,
];

/// Counts per time bucket and status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Start of the first bucket (a multiple of the width).
    pub start: Option<Timestamp>,
    /// Width of each bucket in milliseconds.
    pub bucket_ms: i64,
    /// Per bucket, counts in the order of [`Status::ALL`].
    pub counts: Vec<[u64; 4]>,
    /// Events without a time (not drawn).
    pub undated: u64,
}

impl Histogram {
    /// The histogram of `rows` (indices into `events`).
    pub fn of(events: &[Event], rows: &[u32]) -> Histogram {
        Histogram::count(rows, events.len(), |i| {
            let e = &events[i as usize];
            (e.time, e.status)
        })
    }

    /// The histogram of `rows` (indices into the log's events), read from the times and
    /// statuses its index keeps side by side: a few bytes per event, where reading them from
    /// the events themselves reached all over memory.
    pub fn of_log(log: &Log, rows: &[u32]) -> Histogram {
        let index = log.index();
        Histogram::count(rows, log.events.len(), |i| (index.time(i), index.status(i)))
    }

    /// The histogram of `rows`, of `all` events, each event's time and status read by `at`.
    fn count(
        rows: &[u32],
        all: usize,
        at: impl Fn(u32) -> (Option<Timestamp>, Status),
    ) -> Histogram {
        let mut span = None;
        each_row(rows, all, |i| {
            if let Some(Timestamp(t)) = at(i).0 {
                span = Some(match span {
                    None => (t, t),
                    Some((first, last)) => (t.min(first), t.max(last)),
                });
            }
        });
        let Some((first, last)) = span else {
            return Histogram {
                undated: rows.len() as u64,
                ..Histogram::default()
            };
        };
        let span = (last - first).max(1);
        let bucket_ms = STEPS
            .iter()
            .copied()
            .find(|&w| span / w < MAX_BUCKETS as i64)
            .unwrap_or(STEPS[STEPS.len() - 1]);
        let start = first.div_euclid(bucket_ms) * bucket_ms;
        let buckets = ((last - start) / bucket_ms + 1) as usize;
        let mut h = Histogram {
            start: Some(Timestamp(start)),
            bucket_ms,
            counts: vec![[0; 4]; buckets],
            undated: 0,
        };
        each_row(rows, all, |i| match at(i) {
            (Some(t), status) => {
                let b = ((t.0 - start) / bucket_ms) as usize;
                h.counts[b.min(buckets - 1)][status as usize] += 1;
            }
            (None, _) => h.undated += 1,
        });
        h
    }

    /// The time range of bucket `b`: from its start to the next bucket's.
    pub fn range(&self, b: usize) -> Option<(Timestamp, Timestamp)> {
        let start = self.start?.0 + b as i64 * self.bucket_ms;
        Some((Timestamp(start), Timestamp(start + self.bucket_ms)))
    }

    /// The tallest bar.
    pub fn peak(&self) -> u64 {
        self.counts
            .iter()
            .map(|c| c.iter().sum::<u64>())
            .max()
            .unwrap_or(0)
    }

    /// Events counted with `status`, all buckets.
    pub fn total(&self, status: Status) -> u64 {
        self.counts.iter().map(|c| c[status as usize]).sum()
    }
}

/// Calls `f` with each of `rows` (distinct, as a query gives them); with as many rows as
/// the `all` events, with each event in memory order instead: the counts do not depend on the
/// rows' order, and the sort's order reached all over memory.
fn each_row(rows: &[u32], all: usize, mut f: impl FnMut(u32)) {
    if rows.len() == all {
        (0..all as u32).for_each(f);
    } else {
        rows.iter().for_each(|&i| f(i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(minute: i64, status: Status) -> Event {
        let json = format!(
            r#"{{"id":"e{minute}-{status}","activityDateTime":"2026-10-05T{:02}:{:02}:00Z","jobId":"j","changeId":"c{minute}",
               "provisioningStatusInfo":{{"status":"{status}"}},"provisioningSteps":[]}}"#,
            minute / 60,
            minute % 60
        );
        let mut loader = crate::FileLoader::new("t.json", 0);
        loader.push(json.as_bytes());
        loader.finish().events.remove(0)
    }

    #[test]
    fn buckets_are_round_and_stack_by_status() {
        let events = vec![
            event(60, Status::Success),
            event(61, Status::Failure),
            event(125, Status::Success),
            event(600, Status::Skipped),
        ];
        let rows: Vec<u32> = (0..4).collect();
        let h = Histogram::of(&events, &rows);
        // Nine hours of events: five-minute bars (109 of them), starting on the hour.
        assert_eq!(h.bucket_ms, 5 * 60_000);
        assert_eq!(
            h.start.map(|t| t.to_string()).as_deref(),
            Some("2026-10-05T01:00:00Z")
        );
        assert_eq!(h.counts.len(), 109);
        assert_eq!(h.counts[0], [1, 1, 0, 0]);
        assert_eq!(h.total(Status::Skipped), 1);
        assert_eq!(h.peak(), 2);
        let (from, to) = h.range(0).expect("a range");
        assert_eq!(to.0 - from.0, h.bucket_ms);
        assert!(h.counts.len() <= MAX_BUCKETS);
    }

    #[test]
    fn nothing_dated_draws_nothing() {
        assert_eq!(Histogram::of(&[], &[]).counts.len(), 0);
    }
}
