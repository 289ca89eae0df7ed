//! Sorting, filtering and searching through the log's index give what a plain, slow
//! implementation gives, on the bundled demo tenant (700 events of 140 users, two apps).

use std::cmp::Ordering;

use provlens_core::query::{contains_ignore_case, Column, Query, Sort};
use provlens_core::{Event, Log, Status};

fn demo() -> Log {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../static/demo/contoso-provisioning-download.json"
    );
    let bytes = std::fs::read(path).expect("the demo download");
    let mut log = Log::new();
    let mut loader = log.loader("demo.json");
    loader.push(&bytes);
    log.add(loader.finish());
    assert_eq!(log.events.len(), 700);
    log
}

fn lower_cmp(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

/// The order a reader expects: the column, then newest first, then by id.
fn naive(log: &Log, sort: Sort) -> Vec<u32> {
    let mut rows: Vec<u32> = (0..log.events.len() as u32).collect();
    rows.sort_by(|&a, &b| {
        let (ea, eb): (&Event, &Event) = (&log.events[a as usize], &log.events[b as usize]);
        let primary = match sort.column {
            Column::Time => ea.time.cmp(&eb.time),
            Column::Identity => lower_cmp(ea.identity_label(), eb.identity_label()),
            Column::Activity => lower_cmp(&ea.activity, &eb.activity),
            Column::Status => ea.status.cmp(&eb.status),
            Column::Reason => lower_cmp(&ea.status_reason(), &eb.status_reason()),
        };
        let primary = if sort.descending {
            primary.reverse()
        } else {
            primary
        };
        primary
            .then_with(|| eb.time.cmp(&ea.time))
            .then_with(|| ea.id.cmp(&eb.id))
    });
    rows
}

#[test]
fn every_column_sorts_both_ways_like_a_plain_sort() {
    let log = demo();
    for column in Column::ALL {
        for descending in [false, true] {
            let sort = Sort { column, descending };
            let q = Query {
                sort,
                ..Query::default()
            };
            assert_eq!(
                q.run(&log),
                naive(&log, sort),
                "{column:?} descending={descending}"
            );
        }
    }
}

#[test]
fn filters_keep_the_sorted_order() {
    let log = demo();
    let sort = Sort {
        column: Column::Identity,
        descending: false,
    };
    let q = Query {
        status: Some(Status::Failure),
        sort,
        ..Query::default()
    };
    let expected: Vec<u32> = naive(&log, sort)
        .into_iter()
        .filter(|&i| log.events[i as usize].status == Status::Failure)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(q.run(&log), expected);
    let q = Query {
        activity: Some("CREATE".into()),
        ..Query::default()
    };
    assert!(q
        .run(&log)
        .iter()
        .all(|&i| &*log.events[i as usize].activity == "Create"));
}

#[test]
fn search_finds_every_event_of_an_identity_by_any_identifier_in_any_case() {
    let log = demo();
    let e = &log.events[42];
    let upn = e.source.upn.as_deref().expect("a UPN");
    let identity = log.identities().of(42);
    let members: Vec<u32> = log.identities().members(identity).collect();
    let found = |needle: &str| {
        let mut rows = Query {
            search: needle.into(),
            ..Query::default()
        }
        .run(&log);
        rows.sort_unstable();
        rows
    };
    // A part of the UPN, upper-cased, finds all the user's events (and only users whose
    // identifiers contain it).
    let part = upn[..upn.find('@').expect("@") + 4].to_uppercase();
    let rows = found(&part);
    assert!(members.iter().all(|m| rows.contains(m)));
    for &i in &rows {
        let of = log.identities().of(i);
        let mine = log.identities().members(of).any(|j| {
            log.events[j as usize]
                .identifiers()
                .any(|id| contains_ignore_case(id, &part))
        });
        assert!(
            mine,
            "event {i} matched {part} without any identifier containing it"
        );
    }
    // The event's own id and change id find it alone.
    assert_eq!(found(&e.id.to_uppercase()), [42]);
    assert_eq!(found(e.change_id.as_deref().expect("a change id")), [42]);
    // A cycle id finds every event of that cycle.
    let cycle = e.cycle_id.as_deref().expect("a cycle id");
    let of_cycle: Vec<u32> = (0..log.events.len() as u32)
        .filter(|&i| log.events[i as usize].cycle_id.as_deref() == Some(cycle))
        .collect();
    assert_eq!(found(cycle), of_cycle);
    assert!(found("no such thing anywhere").is_empty());
}

#[test]
fn every_filter_narrows_to_what_it_names() {
    let log = demo();
    let all = Query::default().run(&log).len();
    let count = |q: Query| q.run(&log).len();
    let skipped = log
        .events
        .iter()
        .filter(|e| e.status == Status::Skipped)
        .count();
    assert!(skipped > 0);
    assert_eq!(
        count(Query {
            hide_skipped: true,
            ..Query::default()
        }),
        all - skipped
    );

    // A time window holds exactly the events inside it.
    let mut times: Vec<_> = log.events.iter().filter_map(|e| e.time).collect();
    times.sort();
    let (from, to) = (times[100], times[400]);
    let inside = log
        .events
        .iter()
        .filter(|e| e.time.is_some_and(|t| t >= from && t < to))
        .count();
    assert_eq!(
        count(Query {
            from: Some(from),
            to: Some(to),
            ..Query::default()
        }),
        inside
    );

    // Job, cycle, change, systems and app compare whole values, ignoring case.
    let e = &log.events[7];
    let job = e.job_id.as_deref().expect("job").to_uppercase();
    let of_job = log.events.iter().filter(|x| x.job_id == e.job_id).count();
    assert_eq!(
        count(Query {
            job: Some(job),
            ..Query::default()
        }),
        of_job
    );
    let of_cycle = log
        .events
        .iter()
        .filter(|x| x.cycle_id == e.cycle_id)
        .count();
    assert_eq!(
        count(Query {
            cycle: e.cycle_id.as_deref().map(str::to_string),
            ..Query::default()
        }),
        of_cycle
    );
    assert_eq!(
        count(Query {
            change: e.change_id.as_deref().map(str::to_string),
            ..Query::default()
        }),
        1
    );
    let target = e.target_system.as_deref().expect("target system");
    let of_target = log
        .events
        .iter()
        .filter(|x| x.target_system.as_deref() == Some(target))
        .count();
    assert_eq!(
        count(Query {
            target_system: Some(target.to_lowercase()),
            ..Query::default()
        }),
        of_target
    );
    assert_eq!(
        count(Query {
            app: Some("no such app".into()),
            ..Query::default()
        }),
        0
    );
    assert!(Query {
        sort: Sort {
            column: Column::Status,
            descending: false
        },
        ..Query::default()
    }
    .is_everything());
    assert!(!Query {
        hide_skipped: true,
        ..Query::default()
    }
    .is_everything());
}
