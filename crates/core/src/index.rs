//! What makes sorting and searching a million events fast: built once per log, on first use.
//!
//! - **Orders.** For each grid column and direction, the permutation of all events in that
//!   order (ties newest first) is computed once; a query then filters it in one pass, which
//!   keeps the order, so re-filtering never sorts again.
//! - **Search.** Identifiers are lowercased once into a few contiguous buffers: one entry per
//!   identity (its UPNs, ids, names, employee id …), per event (its own id and change id),
//!   and per distinct job or cycle id. A search runs one SIMD substring scan over each
//!   buffer and maps hits back to events, instead of comparing every string of every event.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash};

use memchr::memmem;

use crate::event::{Event, FxHasher, Status};
use crate::identity::Identities;
use crate::query::Column;
use crate::time::Timestamp;

/// Orders and search buffers for one log.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Each event's place in newest-first order (the tie-break of every sort).
    newest_first: Vec<u32>,
    /// Each event's status, side by side: a status filter reads these, not the events.
    statuses: Vec<Status>,
    /// Orders per column, ascending then descending.
    orders: [[OnceCell<Vec<u32>>; 2]; Column::ALL.len()],
    search: OnceCell<SearchText>,
}

/// Strings laid end to end, lowercased, with each entry's owner.
#[derive(Clone, Debug, Default)]
struct Haystack {
    /// The entries, each followed by a 0 byte so no match spans two entries.
    text: Vec<u8>,
    /// Where each entry starts in `text`, ascending.
    starts: Vec<u32>,
    /// Whose each entry is (an identity, an event, or a distinct job/cycle value).
    owners: Vec<u32>,
}

impl Haystack {
    fn add(&mut self, owner: u32, values: &mut dyn Iterator<Item = &str>) {
        self.starts.push(self.text.len() as u32);
        self.owners.push(owner);
        for v in values {
            push_lower(&mut self.text, v);
            self.text.push(b'\n');
        }
        self.text.push(0);
    }

    /// Owners of every entry containing `needle` (lowercase), each once.
    fn owners_matching(&self, needle: &memmem::Finder<'_>, out: &mut dyn FnMut(u32)) {
        let mut last_entry = usize::MAX;
        for at in needle.find_iter(&self.text) {
            // The entry holding this hit: the last start at or before it.
            let entry = self
                .starts
                .partition_point(|&s| s as usize <= at)
                .saturating_sub(1);
            if entry != last_entry {
                last_entry = entry;
                out(self.owners[entry]);
            }
        }
    }
}

/// The search buffers.
#[derive(Clone, Debug, Default)]
struct SearchText {
    /// One entry per identity: the identifiers its events share.
    identities: Haystack,
    /// One entry per event: its own id and change id.
    events: Haystack,
    /// One entry per distinct job or cycle id, owned by its number in `tagged`.
    tags: Haystack,
    /// Events carrying each distinct job or cycle id.
    tagged: Vec<Vec<u32>>,
}

impl Index {
    /// An index over `events` (orders and search buffers are built when first needed).
    pub fn new(events: &[Event]) -> Index {
        // The times side by side: comparing them does not reach into every event.
        let mut keyed: Vec<(Option<Timestamp>, u32)> = (events.iter().map(|e| e.time))
            .zip(0..events.len() as u32)
            .collect();
        keyed.sort_unstable_by(|&(ta, a), &(tb, b)| {
            tb.cmp(&ta)
                .then_with(|| events[a as usize].id.cmp(&events[b as usize].id))
        });
        let order: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
        let mut newest_first = vec![0u32; events.len()];
        for (place, &i) in order.iter().enumerate() {
            newest_first[i as usize] = place as u32;
        }
        let index = Index {
            newest_first,
            statuses: events.iter().map(|e| e.status).collect(),
            ..Index::default()
        };
        // Newest first is the default view: keep it, it is already computed.
        let _ = index.orders[column_slot(Column::Time)][1].set(order);
        index
    }

    /// The status of event `i`.
    pub fn status(&self, i: u32) -> Status {
        self.statuses[i as usize]
    }

    /// All events in the order of `column`, ties newest first.
    pub fn order(&self, events: &[Event], column: Column, descending: bool) -> &[u32] {
        self.orders[column_slot(column)][usize::from(descending)]
            .get_or_init(|| self.sort(events, column, descending))
    }

    /// Computes the ascending order of every column but the reason ahead (the time
    /// column's descending one is made by [`Index::new`]). Reasons are nearly all distinct
    /// texts, whose sort takes a second per million events: that one waits for a click.
    pub fn prepare(&self, events: &[Event]) {
        for column in Column::ALL {
            if column != Column::Reason {
                self.order(events, column, false);
            }
        }
    }

    fn sort(&self, events: &[Event], column: Column, descending: bool) -> Vec<u32> {
        // Each event gets a rank in the column's ascending order; ties go newest first, so
        // a counting sort by rank over the newest-first order is the whole sort: linear,
        // where sorting (rank, place) pairs took most of a first click on a million events.
        let newest = self.newest_first_order();
        let rank = ranks(events, column, &newest);
        let top = rank.iter().copied().max().unwrap_or(0) as usize;
        let key = |i: u32| {
            let r = rank[i as usize] as usize;
            if descending {
                top - r
            } else {
                r
            }
        };
        // Where each key's events start in the result.
        let mut start = vec![0u32; top + 2];
        for i in 0..events.len() as u32 {
            start[key(i) + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut order = vec![0u32; events.len()];
        for i in newest {
            let k = key(i);
            order[start[k] as usize] = i;
            start[k] += 1;
        }
        order
    }

    /// All events newest first (ties by id): the time column's descending order, kept since
    /// [`Index::new`].
    fn newest_first_order(&self) -> Vec<u32> {
        match self.orders[column_slot(Column::Time)][1].get() {
            Some(order) => order.clone(),
            None => {
                let mut order = vec![0u32; self.newest_first.len()];
                for (i, &place) in self.newest_first.iter().enumerate() {
                    order[place as usize] = i as u32;
                }
                order
            }
        }
    }

    /// Marks every event that `needle` finds in any identifier (case-insensitive).
    pub fn search(&self, events: &[Event], identities: &Identities, needle: &str) -> Vec<bool> {
        let text = self
            .search
            .get_or_init(|| SearchText::build(events, identities));
        let mut lowered = Vec::new();
        push_lower(&mut lowered, needle.trim());
        let mut hit = vec![false; events.len()];
        if lowered.is_empty() {
            hit.fill(true);
            return hit;
        }
        let finder = memmem::Finder::new(&lowered);
        let mut identity_hit = vec![false; identities.len()];
        text.identities
            .owners_matching(&finder, &mut |n| identity_hit[n as usize] = true);
        for (i, h) in hit.iter_mut().enumerate() {
            *h = identity_hit
                .get(identities.of(i as u32) as usize)
                .copied()
                .unwrap_or(false);
        }
        text.events
            .owners_matching(&finder, &mut |i| hit[i as usize] = true);
        text.tags.owners_matching(&finder, &mut |t| {
            for &i in &text.tagged[t as usize] {
                hit[i as usize] = true;
            }
        });
        hit
    }
}

impl SearchText {
    fn build(events: &[Event], identities: &Identities) -> SearchText {
        let mut text = SearchText::default();
        // Identity-level identifiers: every distinct one of its events (UPNs, object ids,
        // names, employee id, anchors, reportable identifier).
        let mut per_identity: Vec<Vec<&str>> = vec![Vec::new(); identities.len()];
        let mut tags: HashMap<&str, u32> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            let mine = &mut per_identity[identities.of(i as u32) as usize];
            // The event's own ids and its job and cycle go to their own buffers below.
            let elsewhere = [
                Some(&e.id),
                e.change_id.as_ref(),
                e.job_id.as_ref(),
                e.cycle_id.as_ref(),
            ];
            for id in e.identifiers() {
                let own = elsewhere.iter().flatten().any(|t| &***t == id);
                if !own && !mine.contains(&id) {
                    mine.push(id);
                }
            }
            text.events.add(
                i as u32,
                // The error code too: the top errors filter the grid to a code by searching it.
                &mut [&*e.id]
                    .into_iter()
                    .chain(e.change_id.as_deref())
                    .chain(e.error_code.as_deref()),
            );
            for tag in [&e.job_id, &e.cycle_id].into_iter().flatten() {
                let next = tags.len() as u32;
                let n = *tags.entry(&**tag).or_insert(next);
                if n as usize == text.tagged.len() {
                    text.tagged.push(Vec::new());
                    text.tags.add(n, &mut std::iter::once(&**tag));
                }
                text.tagged[n as usize].push(i as u32);
            }
        }
        for (n, ids) in per_identity.iter().enumerate() {
            text.identities.add(n as u32, &mut ids.iter().copied());
        }
        text
    }
}

/// Appends `s` lowercased (ASCII fast path).
fn push_lower(out: &mut Vec<u8>, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        out.extend_from_slice(s.to_lowercase().as_bytes());
    }
}

fn column_slot(column: Column) -> usize {
    Column::ALL.iter().position(|&c| c == column).unwrap_or(0)
}

/// Each event's rank in the column's ascending order (equal values share a rank); `newest`
/// is all events newest first.
fn ranks(events: &[Event], column: Column, newest: &[u32]) -> Vec<u32> {
    match column {
        Column::Time => {
            // Older first: the newest-first order backwards, a new rank at each new time.
            let mut rank = vec![0u32; events.len()];
            let mut r = 0;
            let mut last = None;
            for (k, &i) in newest.iter().rev().enumerate() {
                let time = events[i as usize].time;
                if k > 0 && time != last {
                    r += 1;
                }
                rank[i as usize] = r;
                last = time;
            }
            rank
        }
        Column::Status => events.iter().map(|e| e.status as u32).collect(),
        Column::Identity => text_ranks(events, Event::identity_label, |&v| v.into()),
        Column::Activity => text_ranks(events, |e| &*e.activity, |&v| v.into()),
        Column::Reason => text_ranks(
            events,
            |e| (e.error_code.as_deref(), e.reason.as_deref()),
            |&(code, reason)| match (code, reason) {
                (Some(code), Some(reason)) => format!("{code}: {reason}").into(),
                (Some(text), None) | (None, Some(text)) => text.into(),
                (None, None) => "".into(),
            },
        ),
    }
}

/// Ranks of a text column, compared case-insensitively: each event's `key` (borrowed, so
/// cheap to hash) is looked up once, and only the distinct keys are turned into the `text`
/// shown (as [`Event::status_reason`] does) and sorted.
fn text_ranks<'e, K: Hash + Eq>(
    events: &'e [Event],
    key: impl Fn(&'e Event) -> K,
    text: impl Fn(&K) -> Cow<'e, str>,
) -> Vec<u32> {
    let mut distinct: HashMap<K, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
    let mut of_event = Vec::with_capacity(events.len());
    for e in events {
        let next = distinct.len() as u32;
        of_event.push(*distinct.entry(key(e)).or_insert(next));
    }
    // Each distinct text with its lowercase form, made once (comparing case-insensitively
    // lowercased both sides at every comparison, a second per million reasons).
    let mut sorted: Vec<(Cow<'e, str>, Vec<u8>, u32)> = distinct
        .iter()
        .map(|(k, &n)| {
            let shown = text(k);
            let mut lower = Vec::with_capacity(shown.len());
            push_lower(&mut lower, &shown);
            (shown, lower, n)
        })
        .collect();
    sorted.sort_unstable_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    // Values equal but for case share a rank (and so do keys that read the same).
    let mut rank_of = vec![0u32; sorted.len()];
    let mut rank = 0u32;
    for (k, (_, lower, n)) in sorted.iter().enumerate() {
        if k > 0 && sorted[k - 1].1 != *lower {
            rank += 1;
        }
        rank_of[*n as usize] = rank;
    }
    of_event.into_iter().map(|n| rank_of[n as usize]).collect()
}
