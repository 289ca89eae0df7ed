//! Who each event is about. Events are joined into one identity when they share a strong
//! identifier — a source or target object id, a UPN, a source or target anchor, a joining
//! property value — so a user reads as one person whether the logs came as provisioning
//! events, audit events or both. Display names never join (they collide), and neither does
//! the app's own service principal.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::event::{Event, FxHasher, Held, Text};

/// Hash maps keyed by strings from the admin's own files (see [`FxHasher`]).
type Fx = BuildHasherDefault<FxHasher>;

/// Step detail keys whose values identify the object strongly enough to join on.
const JOIN_DETAILS: [&str; 5] = [
    "SourceAnchor",
    "TargetAnchor",
    "JoiningProperty",
    "objectId",
    "userPrincipalName",
];

/// The identities of a set of events.
#[derive(Clone, Debug, Default)]
pub struct Identities {
    /// Identity number of each event.
    of_event: Vec<u32>,
    /// Each identity's key: the source object id of its newest event where one exists.
    keys: Vec<Text>,
    /// Any member event's own key (and the identity key) → identity number.
    by_key: HashMap<Text, u32, Fx>,
}

impl Identities {
    /// Joins `events` into identities.
    pub fn build(events: &[Event]) -> Identities {
        let mut parent: Vec<u32> = (0..events.len() as u32).collect();
        // Each identifier's first event, found by where its string is before what it says:
        // an interned id is one string however many events carry it, so most look-ups hash
        // an address, and each distinct string is normalised and hashed once (hashing every
        // event's every id took most of the join).
        let mut first_with: HashMap<Cow<'_, str>, u32, Fx> = HashMap::default();
        let mut first_at: HashMap<Held<'_>, Option<u32>, Fx> = HashMap::default();
        for (i, e) in events.iter().enumerate() {
            let i = i as u32;
            join_candidates(e, |s| {
                let first = *first_at
                    .entry(Held(s))
                    .or_insert_with(|| normalised(s).map(|id| *first_with.entry(id).or_insert(i)));
                if let Some(j) = first.filter(|&j| j != i) {
                    union(&mut parent, i, j);
                }
            });
        }
        drop(first_at);
        // Number the groups in event order.
        let mut number: Vec<u32> = vec![u32::MAX; events.len()];
        let mut of_event = Vec::with_capacity(events.len());
        let mut newest: Vec<usize> = Vec::new();
        for i in 0..events.len() {
            let root = find(&mut parent, i as u32) as usize;
            if number[root] == u32::MAX {
                number[root] = newest.len() as u32;
            }
            let n = number[root];
            // The key comes from the newest event that knows the source object id.
            let rank = |e: &Event| {
                (
                    e.source.id.as_deref().is_some_and(|s| !s.is_empty()),
                    e.time,
                )
            };
            if n as usize == newest.len() {
                newest.push(i);
            } else if rank(&events[i]) > rank(&events[newest[n as usize]]) {
                newest[n as usize] = i;
            }
            of_event.push(n);
        }
        let keys: Vec<Text> = newest
            .iter()
            .map(|&i| Text::from(events[i].identity_key()))
            .collect();
        // Any member's own key finds its identity; the identity's key wins over a member's.
        let mut seen: HashMap<&str, u32, Fx> = HashMap::default();
        let mut placed: std::collections::HashSet<Held<'_>, Fx> = Default::default();
        for (i, e) in events.iter().enumerate() {
            let key = e.identity_key();
            // A string met before (most keys are shared) was entered then.
            if placed.insert(Held(key)) {
                seen.entry(key).or_insert(of_event[i]);
            }
        }
        for (n, key) in keys.iter().enumerate() {
            seen.insert(key, n as u32);
        }
        let by_key = seen.into_iter().map(|(k, n)| (Text::from(k), n)).collect();
        Identities {
            of_event,
            keys,
            by_key,
        }
    }

    /// How many identities.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The identity number of event `i`.
    pub fn of(&self, i: u32) -> u32 {
        self.of_event.get(i as usize).copied().unwrap_or(u32::MAX)
    }

    /// The key of identity `n` (shown in the `data-identity` hook).
    pub fn key(&self, n: u32) -> &str {
        self.keys.get(n as usize).map_or("", |k| k)
    }

    /// The identity key of event `i`.
    pub fn key_of(&self, i: u32) -> &str {
        self.key(self.of(i))
    }

    /// The identity a key names: an identity key, or any member event's own key.
    pub fn find(&self, key: &str) -> Option<u32> {
        self.by_key.get(key).copied()
    }

    /// The events of identity `n`, in log order.
    pub fn members(&self, n: u32) -> impl Iterator<Item = u32> + '_ {
        self.of_event
            .iter()
            .enumerate()
            .filter(move |(_, &g)| g == n)
            .map(|(i, _)| i as u32)
    }
}

/// An identifier as joined on: trimmed and lowercase (borrowed when it is already); `None`
/// for one too short or all zeros and dashes to tell objects apart.
fn normalised(s: &str) -> Option<Cow<'_, str>> {
    let s = s.trim();
    if s.len() < 3 || s.chars().all(|c| c == '0' || c == '-') {
        None
    } else if s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Some(Cow::Owned(s.to_lowercase()))
    } else {
        Some(Cow::Borrowed(s))
    }
}

/// The strings an event may be joined on, as they are in the event (see [`normalised`]).
fn join_candidates<'e>(e: &'e Event, mut each: impl FnMut(&'e str)) {
    if let Some(id) = &e.source.id {
        each(id);
    }
    let target_is_app = e
        .target
        .kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("ServicePrincipal"));
    if let (Some(id), false) = (&e.target.id, target_is_app) {
        each(id);
    }
    for upn in [&e.source.upn, &e.target.upn].into_iter().flatten() {
        each(upn);
    }
    if let Some(r) = &e.reportable_id {
        // A reportable identifier is often a display name: join only on UPN-like ones.
        if r.contains('@') {
            each(r);
        }
    }
    for step in &e.steps {
        for (k, v) in &step.details {
            if JOIN_DETAILS.iter().any(|d| k.eq_ignore_ascii_case(d)) {
                each(v);
            }
        }
    }
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[high as usize] = low;
    }
}
