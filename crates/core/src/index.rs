//! What makes sorting and searching a million events fast: built once per log, on first use.
//!
//! - **Orders.** For each grid column, each event's rank in its ascending order is computed
//!   once (a text column sorts only its distinct texts); the permutation of all events in a
//!   column's order, either way (ties newest first), is then a counting sort by rank, kept
//!   too. A query filters it in one pass, which keeps the order, so re-filtering never sorts
//!   again.
//! - **Side by side.** Each event's time and status are kept in vectors of their own, so the
//!   status filters and the histogram read a few bytes per event, not the events.
//! - **Search.** Identifiers are lowercased once into a few contiguous buffers: one entry per
//!   identity (its UPNs, ids, names, employee id …), per event (its own id and change id),
//!   and per distinct job or cycle id. A search runs one SIMD substring scan over each
//!   buffer and maps hits back to events, instead of comparing every string of every event.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash};

use memchr::memmem;

use crate::event::{Event, FxHasher, Held, Status};
use crate::identity::Identities;
use crate::query::Column;
use crate::time::Timestamp;

/// Orders and search buffers for one log.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// All events newest first, ties by id: the time column's descending order, and the
    /// tie-break of every other.
    newest: Vec<u32>,
    /// Each event's status.
    statuses: Vec<Status>,
    /// Each event's time.
    times: Vec<Option<Timestamp>>,
    /// Per column, each event's rank in its ascending order (equal values share a rank).
    ranks: [OnceCell<Vec<u32>>; Column::ALL.len()],
    /// Orders per column, ascending then descending (the time column's descending one is
    /// `newest`).
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
        let times: Vec<Option<Timestamp>> = events.iter().map(|e| e.time).collect();
        // Compared side by side: sorting does not reach into every event.
        let mut keyed: Vec<(Option<Timestamp>, u32)> =
            times.iter().copied().zip(0..events.len() as u32).collect();
        keyed.sort_unstable_by(|&(ta, a), &(tb, b)| {
            tb.cmp(&ta)
                .then_with(|| events[a as usize].id.cmp(&events[b as usize].id))
        });
        Index {
            newest: keyed.into_iter().map(|(_, i)| i).collect(),
            statuses: events.iter().map(|e| e.status).collect(),
            times,
            ..Index::default()
        }
    }

    /// The status of event `i`.
    pub fn status(&self, i: u32) -> Status {
        self.statuses[i as usize]
    }

    /// The time of event `i`.
    pub fn time(&self, i: u32) -> Option<Timestamp> {
        self.times[i as usize]
    }

    /// All events in the order of `column`, ties newest first.
    pub fn order(&self, events: &[Event], column: Column, descending: bool) -> &[u32] {
        if column == Column::Time && descending {
            return &self.newest;
        }
        self.orders[column_slot(column)][usize::from(descending)]
            .get_or_init(|| self.sort(events, column, descending))
    }

    /// Computes every column's ascending order ahead (the time column's descending one is
    /// made by [`Index::new`]); the descending ones are then a counting sort each.
    pub fn prepare(&self, events: &[Event]) {
        while self.prepare_next(events) {}
    }

    /// Computes the next column's ascending order not made yet (see [`Index::prepare`]);
    /// true while some remain. One at a time, so what is asked meanwhile need not wait for
    /// them all.
    pub fn prepare_next(&self, events: &[Event]) -> bool {
        let unmade = |c: &Column| self.orders[column_slot(*c)][0].get().is_none();
        let Some(column) = Column::ALL.iter().find(|c| unmade(c)) else {
            return false;
        };
        self.order(events, *column, false);
        Column::ALL.iter().any(unmade)
    }

    /// Each event's rank in `column`'s ascending order.
    fn ranks(&self, events: &[Event], column: Column) -> &[u32] {
        self.ranks[column_slot(column)].get_or_init(|| match column {
            Column::Time => {
                // Older first: the newest-first order backwards, a new rank at each new time.
                let mut rank = vec![0u32; self.newest.len()];
                let mut r = 0;
                let mut last = None;
                for (k, &i) in self.newest.iter().rev().enumerate() {
                    let time = self.times[i as usize];
                    if k > 0 && time != last {
                        r += 1;
                    }
                    rank[i as usize] = r;
                    last = time;
                }
                rank
            }
            Column::Status => self.statuses.iter().map(|&s| s as u32).collect(),
            Column::Identity => text_ranks(
                events,
                Distinct::Few,
                |e| Held(e.identity_label()),
                |v, out| push_lower(out, v.0),
            ),
            Column::Activity => text_ranks(
                events,
                Distinct::Few,
                |e| Held(&e.activity),
                |v, out| push_lower(out, v.0),
            ),
            // As [`Event::status_reason`] shows it; lowercasing the parts apart gives the
            // same bytes as lowercasing that text.
            Column::Reason => text_ranks(
                events,
                Distinct::Many,
                |e| {
                    (
                        e.error_code.as_deref().map(Held),
                        e.reason.as_deref().map(Held),
                    )
                },
                |&(code, reason), out| {
                    let (code, reason) = (code.map(|c| c.0), reason.map(|r| r.0));
                    push_lower(out, code.unwrap_or(""));
                    if code.is_some() && reason.is_some() {
                        out.extend_from_slice(b": ");
                    }
                    push_lower(out, reason.unwrap_or(""));
                },
            ),
        })
    }

    fn sort(&self, events: &[Event], column: Column, descending: bool) -> Vec<u32> {
        // Ties go newest first, so a counting sort by rank over the newest-first order is
        // the whole sort: linear, where sorting (rank, place) pairs took most of a first
        // click on a million events.
        let rank = self.ranks(events, column);
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
        for i in 0..rank.len() as u32 {
            start[key(i) + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut order = vec![0u32; rank.len()];
        for &i in &self.newest {
            let k = key(i);
            order[start[k] as usize] = i;
            start[k] += 1;
        }
        order
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
        let start = out.len();
        out.extend_from_slice(s.as_bytes());
        out[start..].make_ascii_lowercase();
    } else {
        out.extend_from_slice(s.to_lowercase().as_bytes());
    }
}

fn column_slot(column: Column) -> usize {
    Column::ALL.iter().position(|&c| c == column).unwrap_or(0)
}

/// How many distinct keys a text column has, as [`text_ranks`] tells them apart.
enum Distinct {
    /// A few, each shared by many events (activities, identities): a hash map of them.
    Few,
    /// About one per event (reasons naming the user): the events sorted by key (a hash map
    /// of a million keys took twice as long, growing).
    Many,
}

/// Ranks of a text column, compared case-insensitively: each event's `key` (where its
/// strings are, so cheap to hash and compare) is told apart once, and only the distinct
/// keys have their text, lowercased, written (`write`) and sorted.
fn text_ranks<'e, K: Hash + Ord + Copy>(
    events: &'e [Event],
    distinct: Distinct,
    key: impl Fn(&'e Event) -> K,
    write: impl Fn(&K, &mut Vec<u8>),
) -> Vec<u32> {
    // The distinct keys in about the order their strings were made: their texts are then
    // read in about the order they were loaded, not all over memory.
    let (keys, of_event) = match distinct {
        Distinct::Few => {
            let mut numbers: HashMap<K, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
            let mut keys = Vec::new();
            let of_event = events
                .iter()
                .map(|e| {
                    let k = key(e);
                    *numbers.entry(k).or_insert_with(|| {
                        keys.push(k);
                        keys.len() as u32 - 1
                    })
                })
                .collect();
            (keys, of_event)
        }
        Distinct::Many => {
            // The events by key (where the strings are), each key's events side by side.
            let mut by_key: Vec<(K, u32)> = (0..events.len() as u32)
                .map(|i| (key(&events[i as usize]), i))
                .collect();
            by_key.sort_unstable_by_key(|&(k, _)| k);
            let mut keys = Vec::new();
            let mut of_event = vec![0u32; events.len()];
            for (k, i) in &by_key {
                if keys.last() != Some(k) {
                    keys.push(*k);
                }
                of_event[*i as usize] = keys.len() as u32 - 1;
            }
            (keys, of_event)
        }
    };
    // The distinct texts lowercased, end to end (comparing case-insensitively lowercased
    // both sides at every comparison, a second per million reasons; a string of its own per
    // text, a fifth of one).
    let mut lower = Vec::new();
    let mut spans = Vec::with_capacity(keys.len());
    for k in &keys {
        let start = lower.len();
        write(k, &mut lower);
        spans.push((start, lower.len()));
    }
    let text = |n: u32| {
        let (start, end) = spans[n as usize];
        &lower[start..end]
    };
    let mut sorted: Vec<u32> = (0..spans.len() as u32).collect();
    sort_by_bytes(&mut sorted, text);
    // Values equal but for case share a rank (and so do keys that read the same).
    let mut rank_of = vec![0u32; sorted.len()];
    let mut rank = 0u32;
    for (k, &n) in sorted.iter().enumerate() {
        if k > 0 && text(sorted[k - 1]) != text(n) {
            rank += 1;
        }
        rank_of[n as usize] = rank;
    }
    of_event.into_iter().map(|n| rank_of[n as usize]).collect()
}

/// Sorts `items` by the bytes `text` gives each, as `sort_by_key(text)` would, but comparing
/// numbers rather than reaching into two texts at every comparison: by their first eight
/// bytes read as one number, then each run still equal by the next eight, and so on.
fn sort_by_bytes<'t>(items: &mut [u32], text: impl Fn(u32) -> &'t [u8]) {
    // (eight bytes from `depth`, how many bytes are left from there up to 9, item).
    let mut keyed: Vec<(u64, u8, u32)> = Vec::with_capacity(items.len());
    // Runs still to sort: items `from..to`, equal in their first `depth` bytes.
    let mut runs = vec![(0, items.len(), 0)];
    while let Some((from, to, depth)) = runs.pop() {
        let run = &mut items[from..to];
        keyed.clear();
        keyed.extend(run.iter().map(|&n| {
            let rest = text(n).get(depth..).unwrap_or_default();
            let mut eight = [0u8; 8];
            let len = rest.len().min(8);
            eight[..len].copy_from_slice(&rest[..len]);
            // A text that ends within these eight bytes sorts before a longer one with the
            // same bytes (padded with zeros alike).
            (u64::from_be_bytes(eight), rest.len().min(9) as u8, n)
        }));
        keyed.sort_unstable();
        for (slot, &(_, _, n)) in run.iter_mut().zip(&keyed) {
            *slot = n;
        }
        let mut start = 0;
        for k in 1..=keyed.len() {
            if k == keyed.len() || keyed[k].0 != keyed[start].0 || keyed[k].1 != keyed[start].1 {
                // Equal so far, and each has more than these eight bytes: the next eight.
                if k - start > 1 && keyed[start].1 > 8 {
                    runs.push((from + start, from + k, depth + 8));
                }
                start = k;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::FileLoader;

    #[test]
    fn sorting_by_bytes_is_sorting_the_texts() {
        // Shared prefixes of 8 bytes and more, texts ending inside and at a chunk's end, zero
        // bytes against ends, empty texts, duplicates.
        let texts: Vec<&[u8]> = vec![
            b"failed to create user 'b'",
            b"failed to create user 'a'",
            b"failed to create user 'a'",
            b"failed to create user",
            b"failed t",
            b"failed to",
            b"failed t\0",
            b"",
            b"\0",
            b"ab",
            b"ab\0",
            b"ab\0c",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefgh\0",
            b"zz",
            "\u{e9}t\u{e9}".as_bytes(),
        ];
        let mut items: Vec<u32> = (0..texts.len() as u32).collect();
        sort_by_bytes(&mut items, |n| texts[n as usize]);
        let got: Vec<&[u8]> = items.iter().map(|&n| texts[n as usize]).collect();
        let mut want = texts.clone();
        want.sort();
        assert_eq!(got, want);
    }

    /// The orders are made one column per call, each the one a sort would make, and then
    /// nothing is left to make.
    #[test]
    fn columns_are_prepared_one_at_a_time_as_a_sort_would_make_them() {
        let records: Vec<String> = (1..=60).map(crate::fuzzing::record).collect();
        let mut loader = FileLoader::new("many.json", 0);
        loader.push(format!("[{}]", records.join(",")).as_bytes());
        let events = loader.finish().events;
        let index = Index::new(&events);
        let made = |index: &Index| {
            Column::ALL
                .iter()
                .filter(|&&c| index.orders[column_slot(c)][0].get().is_some())
                .count()
        };
        for n in 1..Column::ALL.len() {
            assert!(index.prepare_next(&events), "more to make after {n}");
            assert_eq!(made(&index), n);
        }
        assert!(!index.prepare_next(&events), "the last one made");
        assert_eq!(made(&index), Column::ALL.len());
        assert!(!index.prepare_next(&events), "nothing left");
        let fresh = Index::new(&events);
        for column in Column::ALL {
            assert_eq!(
                index.order(&events, column, false),
                fresh.order(&events, column, false),
                "{column:?}"
            );
        }
    }
}
