//! Identities × cycles for the current filter: one row per identity, one column per cycle
//! (oldest first), each cell the most telling event of that identity in that cycle — to
//! spot who failed when.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::event::{Action, Status};
use crate::log::Log;
use crate::time::Timestamp;

/// One cycle (a column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cycle {
    /// The cycle id (empty for events without one, e.g. audit events).
    pub id: String,
    /// Its first event's time.
    pub start: Option<Timestamp>,
}

/// One identity (a row) and its cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    /// The identity's key.
    pub identity: String,
    /// Its label (UPN or name).
    pub label: String,
    /// Per cycle: the event shown (index into the log), its action and status.
    pub cells: Vec<Option<Cell>>,
    /// Its failures in the filter, for ordering.
    pub failures: u32,
}

/// What a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// The event shown: the worst of the identity's events in that cycle.
    pub event: u32,
    /// Its action.
    pub action: Action,
    /// Its status.
    pub status: Status,
    /// How many events the identity had in that cycle.
    pub events: u32,
}

/// The swimlane of `rows`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Swimlane {
    /// The columns, oldest first.
    pub cycles: Vec<Cycle>,
    /// The rows: identities with failures first, then by label; at most the limit asked.
    pub lanes: Vec<Lane>,
    /// Identities left out by the limit.
    pub more: u32,
}

/// How bad a status is, for picking a cell's event.
fn badness(s: Status) -> u8 {
    match s {
        Status::Failure => 3,
        Status::Warning => 2,
        Status::Success => 1,
        Status::Skipped => 0,
    }
}

impl Swimlane {
    /// The swimlane of `rows` (indices into `log.events`), with at most `max_lanes` rows.
    pub fn of(log: &Log, rows: &[u32], max_lanes: usize) -> Swimlane {
        let identities = log.identities();
        // Columns: cycles ordered by their first event.
        let mut cycle_of: HashMap<&str, usize> = HashMap::new();
        let mut cycles: Vec<Cycle> = Vec::new();
        let mut by_time: Vec<u32> = rows.to_vec();
        by_time.sort_by_key(|&i| log.events[i as usize].time);
        for &i in &by_time {
            let e = &log.events[i as usize];
            let id = e.cycle_id.as_deref().unwrap_or("");
            cycle_of.entry(id).or_insert_with(|| {
                cycles.push(Cycle {
                    id: id.to_string(),
                    start: e.time,
                });
                cycles.len() - 1
            });
        }
        // Rows: one per identity.
        let mut lane_of: HashMap<u32, usize> = HashMap::new();
        let mut lanes: Vec<Lane> = Vec::new();
        for &i in &by_time {
            let e = &log.events[i as usize];
            let n = identities.of(i);
            let lane = *lane_of.entry(n).or_insert_with(|| {
                lanes.push(Lane {
                    identity: identities.key(n).to_string(),
                    label: e.identity_label().to_string(),
                    cells: vec![None; cycles.len()],
                    failures: 0,
                });
                lanes.len() - 1
            });
            let lane = &mut lanes[lane];
            if e.status == Status::Failure {
                lane.failures += 1;
            }
            let column = cycle_of[e.cycle_id.as_deref().unwrap_or("")];
            let cell = &mut lane.cells[column];
            match cell {
                Some(c) => {
                    c.events += 1;
                    // The worst event shows; among equals, the latest.
                    if badness(e.status) >= badness(c.status) {
                        *c = Cell {
                            event: i,
                            action: e.action,
                            status: e.status,
                            events: c.events,
                        };
                    }
                }
                None => {
                    *cell = Some(Cell {
                        event: i,
                        action: e.action,
                        status: e.status,
                        events: 1,
                    })
                }
            }
        }
        lanes.sort_by(|a, b| {
            b.failures
                .cmp(&a.failures)
                .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
        });
        let more = lanes.len().saturating_sub(max_lanes) as u32;
        lanes.truncate(max_lanes);
        Swimlane {
            cycles,
            lanes,
            more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_with_failures_come_first_and_cells_show_the_worst() {
        let mut log = Log::new();
        let mut loader = log.loader("demo.json");
        loader.push(include_bytes!(
            "../../../static/demo/contoso-provisioning-download.json"
        ));
        log.add(loader.finish());
        let rows: Vec<u32> = (0..log.events.len() as u32).collect();
        let s = Swimlane::of(&log, &rows, 20);
        assert_eq!(s.lanes.len(), 20);
        assert_eq!(s.more as usize, log.identities().len() - 20);
        assert!(s.lanes[0].failures >= s.lanes[1].failures);
        assert!(s.lanes[0].failures > 0);
        // Every cell's event belongs to its lane's identity and its column's cycle.
        for lane in &s.lanes {
            for (c, cell) in lane.cells.iter().enumerate() {
                if let Some(cell) = cell {
                    let e = &log.events[cell.event as usize];
                    assert_eq!(log.identities().key_of(cell.event), lane.identity);
                    assert_eq!(e.cycle_id.as_deref().unwrap_or(""), s.cycles[c].id);
                }
            }
        }
        // Columns are in time order.
        assert!(s.cycles.windows(2).all(|w| w[0].start <= w[1].start));
    }
}
