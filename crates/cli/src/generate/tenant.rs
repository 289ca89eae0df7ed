//! The simulated tenant: its people, its apps and what each app holds for each user, moved
//! forward one provisioning event at a time.
//!
//! Each app's job runs a cycle every 40 minutes, the apps taking turns. An app's first cycle is
//! its initial cycle: it evaluates every user. Later cycles visit a random subset of users, each
//! at most once, sized so that the records span about the portal's 30 days of retention. People
//! are derived from their number (nothing about them is stored); per user only a few bytes of
//! state are kept: the source attributes and, per app, what was last exported.

use super::event::{Action, Event, Failure, Plan, Status};
use super::random::{guid, hash, rfc3339, stable_guid, Rng};

/// 2026-10-01T06:00:00Z: the first cycle's start.
const START: u64 = 1_790_834_400;
/// Each app's job runs a cycle every 40 minutes.
const CYCLE_SECS: u64 = 40 * 60;
/// Cycles per app in 30 days.
const CYCLES_PER_MONTH: u64 = 30 * 24 * 60 * 60 / CYCLE_SECS;
/// The tenant's verified domain.
pub(super) const DOMAIN: &str = "contoso.com";

/// Given names; user principal names use them lower-cased and in ASCII.
#[rustfmt::skip]
const GIVEN: [&str; 48] = [
    "Adele", "Alex", "Allan", "Bianca", "Christie", "Debra", "Diego", "Emily", "Enrico", "Gerhart",
    "Grady", "Henrietta", "Irvin", "Isaiah", "Johanna", "Joni", "Lee", "Lidia", "Lynne", "Megan",
    "Miriam", "Nestor", "Patti", "Pradeep", "Zoë", "Renée", "José", "Søren", "Łukasz", "Chloé",
    "Björn", "Ana", "Mateo", "Priya", "Wei", "Aiko", "Fatima", "Omar", "Ingrid", "Kwame", "Nadia",
    "Tomás", "Hannah", "Lucas", "Olivia", "Noah", "Sofia", "Yusuf",
];

/// Surnames, likewise.
#[rustfmt::skip]
const SURNAMES: [&str; 48] = [
    "Vance", "Wilber", "Deyoung", "Pila", "Cline", "Berger", "Siciliani", "Braun", "Cattaneo",
    "Moller", "Archie", "Mueller", "Sayers", "Langer", "Lorenz", "Sherman", "Gu", "Holloway",
    "Robbins", "Bowen", "Graham", "Wilke", "Fernandez", "Gupta", "Müller", "O'Brien", "García",
    "Nguyễn", "Kowalski", "Andersson", "Tanaka", "Okafor", "Haddad", "Rossi", "Dubois", "Novak",
    "Jensen", "Costa", "Silva", "Kim", "Patel", "Schmidt", "Yilmaz", "Ivanova", "Lindqvist",
    "Moreau", "Brennan", "Murphy",
];

#[rustfmt::skip]
pub(super) const DEPARTMENTS: [&str; 10] = [
    "Sales", "Marketing", "Finance", "Engineering", "Human Resources", "Legal", "Operations",
    "Customer Success", "Research & Development", "IT",
];
#[rustfmt::skip]
pub(super) const TITLES: [&str; 10] = [
    "Account Executive", "Sales Manager", "Marketing Specialist", "Financial Analyst",
    "Software Engineer", "Senior Software Engineer", "HR Generalist", "Paralegal",
    "Operations Lead", "Support Engineer",
];
#[rustfmt::skip]
pub(super) const OFFICES: [&str; 8] =
    ["Redmond", "Seattle", "London", "München", "São Paulo", "Tokyo", "Sydney", "Dublin"];

/// One person of the tenant, derived from their number.
pub(super) struct Person {
    pub(super) object_id: String,
    pub(super) display_name: String,
    pub(super) given: &'static str,
    pub(super) surname: &'static str,
    pub(super) upn: String,
    pub(super) employee_id: String,
}

impl Person {
    fn new(seed: u64, number: u64) -> Self {
        const NAMES: u64 = (GIVEN.len() * SURNAMES.len()) as u64;
        // 1009 is prime and does not divide NAMES: the first NAMES people all differ by name.
        let slot = number.wrapping_mul(1009).wrapping_add(seed) % NAMES;
        let given = GIVEN[(slot % GIVEN.len() as u64) as usize];
        let surname = SURNAMES[(slot / GIVEN.len() as u64) as usize];
        let suffix = match number / NAMES {
            0 => String::new(),
            repeat => (repeat + 1).to_string(),
        };
        Person {
            object_id: stable_guid(&[seed, 1, number]),
            display_name: format!("{given} {surname}"),
            given,
            surname,
            upn: format!("{}.{}{suffix}@{DOMAIN}", upn_part(given), upn_part(surname)),
            employee_id: (100_000 + number).to_string(),
        }
    }

    /// The part of the user principal name before the `@`.
    pub(super) fn mail_nickname(&self) -> &str {
        self.upn.split('@').next().unwrap_or_default()
    }
}

/// A name as it appears in a user principal name: lower case, ASCII letters only.
fn upn_part(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'á' | 'ã' => Some('a'),
            'é' | 'ë' | 'ễ' => Some('e'),
            'í' => Some('i'),
            'ö' | 'ø' => Some('o'),
            'ü' => Some('u'),
            'ł' => Some('l'),
            c if c.is_ascii_alphabetic() => Some(c),
            _ => None,
        })
        .collect()
}

/// An app the tenant provisions users to, and its provisioning job.
pub(super) struct App {
    pub(super) name: &'static str,
    pub(super) job_id: String,
    pub(super) service_principal_id: String,
    pub(super) application_id: String,
    pub(super) target_system_id: String,
    /// `identityType` of the target identity.
    pub(super) target_type: &'static str,
    /// The job's `templateId`.
    pub(super) template: &'static str,
}

impl App {
    fn new(seed: u64, tenant_hex: &str, index: u64) -> Self {
        let (name, template, target_type) = match index {
            0 => (
                "Fabrikam Expenses",
                "scim",
                "urn:ietf:params:scim:schemas:core:2.0:User",
            ),
            _ => ("Dropbox Business", "DropboxSCIMOutDelta", "User"),
        };
        let id = |n: u64| stable_guid(&[seed, 10 + index, n]);
        App {
            name,
            job_id: format!("{template}.{tenant_hex}.{}", id(0)),
            service_principal_id: id(1),
            application_id: id(2),
            target_system_id: id(3),
            target_type,
            template,
        }
    }
}

/// A user's attributes in Entra ID; text attributes are indexes into the tables above.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Source {
    pub(super) enabled: bool,
    pub(super) department: u8,
    pub(super) title: u8,
    pub(super) office: u8,
}

impl Source {
    /// A move to another department, title or office.
    fn change_an_attribute(&mut self, rng: &mut Rng) {
        match rng.below(3) {
            0 => self.department = other_than(rng, self.department, DEPARTMENTS.len()),
            1 => self.title = other_than(rng, self.title, TITLES.len()),
            _ => self.office = other_than(rng, self.office, OFFICES.len()),
        }
    }
}

/// What one app holds for one user.
#[derive(Clone, Copy)]
struct Account {
    assigned: bool,
    exists: bool,
    /// The source attributes as last exported.
    exported: Source,
    /// Failed attempts in a row of the change in flight (the escrow's retry count).
    failures: u8,
    /// The failure that comes back, cycle after cycle, until the data is fixed.
    escrow: Option<Failure>,
}

/// The cycle in progress: which app, which users, how far.
struct Cycle {
    number: u64,
    app: usize,
    id: String,
    initial: bool,
    first_user: u64,
    /// Coprime with the number of users: stepping by it visits distinct users.
    stride: u64,
    len: u64,
    done: u64,
}

/// The simulated tenant: it hands out one event after another, in time order.
pub(super) struct Tenant {
    seed: u64,
    rng: Rng,
    /// The tenant id.
    pub(super) id: String,
    /// Id of the source system, Entra ID itself.
    pub(super) source_system_id: String,
    pub(super) apps: Vec<App>,
    sources: Vec<Source>,
    /// `accounts[app][user]`.
    accounts: Vec<Vec<Account>>,
    cycle: Cycle,
    /// Incremental cycles visit about this many users.
    users_per_cycle: u64,
    /// Seconds since the Unix epoch.
    clock: u64,
}

impl Tenant {
    /// A tenant of `users` users (at least one) sized to write about `records` events.
    pub(super) fn new(seed: u64, users: u64, records: u64) -> Self {
        let mut rng = Rng::new(seed);
        let users = users.max(1);
        let id = stable_guid(&[seed, 3]);
        let tenant_hex = id.replace('-', "");
        let app_count = 1 + rng.below(2);
        let apps = (0..app_count)
            .map(|i| App::new(seed, &tenant_hex, i))
            .collect();
        let sources: Vec<Source> = (0..users)
            .map(|_| Source {
                enabled: true,
                department: rng.below(DEPARTMENTS.len() as u64) as u8,
                title: rng.below(TITLES.len() as u64) as u8,
                office: rng.below(OFFICES.len() as u64) as u8,
            })
            .collect();
        let accounts = (0..app_count)
            .map(|_| {
                let account = |exported| Account {
                    // 8% of the users are not assigned to the app: their events are skipped.
                    assigned: !rng.chance(80),
                    exists: false,
                    exported,
                    failures: 0,
                    escrow: None,
                };
                sources.iter().copied().map(account).collect()
            })
            .collect();
        let initial = Cycle {
            number: 0,
            app: 0,
            id: stable_guid(&[seed, 5, 0]),
            initial: true,
            first_user: 0,
            stride: 1,
            len: users,
            done: 0,
        };
        Tenant {
            seed,
            rng,
            id,
            source_system_id: stable_guid(&[seed, 9]),
            apps,
            sources,
            accounts,
            cycle: initial,
            users_per_cycle: records
                .div_ceil(app_count * CYCLES_PER_MONTH)
                .max(2)
                .min(users),
            clock: START,
        }
    }

    fn users(&self) -> u64 {
        self.sources.len() as u64
    }

    /// How many users are assigned to app number `app`, and how many of them it holds.
    pub(super) fn accounts(&self, app: usize) -> (u64, u64) {
        let accounts = &self.accounts[app];
        let count = |f: fn(&Account) -> bool| accounts.iter().filter(|a| f(a)).count() as u64;
        (count(|a| a.assigned), count(|a| a.exists))
    }

    /// The seed everything about the tenant derives from.
    pub(super) fn seed(&self) -> u64 {
        self.seed
    }

    /// The next event, which will be record number `index` of the file.
    pub(super) fn next_event(&mut self, index: u64) -> Event {
        if self.cycle.done == self.cycle.len {
            self.next_cycle();
        }
        let user = (self.cycle.first_user + self.cycle.done * self.cycle.stride) % self.users();
        self.cycle.done += 1;
        // Events follow each other a few seconds apart. An incremental cycle fits in about
        // three quarters of the time until the next app's turn; an initial cycle takes as long
        // as it takes.
        let gap = if self.cycle.initial {
            2
        } else {
            (CYCLE_SECS / self.apps.len() as u64 * 3 / 4 / self.cycle.len).clamp(1, 20)
        };
        self.clock += 1 + self.rng.below(2 * gap - 1);

        let (app, u) = (self.cycle.app, user as usize);
        let plan = self.plan(app, u);
        let failure = self.failure(app, u, plan.action);
        let source = self.sources[u];
        let account = &mut self.accounts[app][u];
        let status = match (failure, plan.action) {
            (Some(_), _) => {
                account.failures = account.failures.saturating_add(1);
                Status::Failure
            }
            (None, Action::Other) => Status::Skipped,
            (None, action) => {
                account.failures = 0;
                account.escrow = None;
                account.exists = action != Action::Delete;
                account.assigned = action != Action::Delete;
                account.exported = source;
                Status::Success
            }
        };
        let retries = account.failures.saturating_sub(1);
        let duration = match (status, failure) {
            (Status::Skipped, _) => 120 + self.rng.below(800),
            (_, Some(Failure::Timeout)) => 30_000 + self.rng.below(2_000),
            (_, Some(_)) => 900 + self.rng.below(9_000),
            _ => 350 + self.rng.below(3_200),
        };
        // The escrow backs off: 40 minutes, then twice as long each time, up to a day or so.
        let next_retry = (self.clock + CYCLE_SECS * (1 << retries.min(5))) / 60 * 60;
        Event {
            // The record number in the low bits makes every id unique.
            id: guid(
                self.rng.next(),
                (self.rng.next() & !0xFFFF_FFFF_FFFF) | index,
            ),
            change_id: guid(self.rng.next(), self.rng.next()),
            cycle_id: self.cycle.id.clone(),
            time: rfc3339(self.clock),
            secs: self.clock,
            // Drawn from a hash, not the stream, so the other fields stay as they were.
            ticks: hash(&[self.seed, 12, index]) % 10_000_000,
            app,
            person: Person::new(self.seed, user),
            target_id: guid(
                hash(&[self.seed, 7, app as u64, user]),
                hash(&[self.seed, 8, user]),
            ),
            source,
            plan,
            status,
            failure,
            retries,
            next_retry: rfc3339(next_retry),
            duration,
        }
    }

    /// Starts the cycle after the current one.
    fn next_cycle(&mut self) {
        let number = self.cycle.number + 1;
        let app_count = self.apps.len() as u64;
        let users = self.users();
        let initial = number < app_count;
        let (first_user, stride, len) = if initial {
            (0, 1, users)
        } else {
            let len = self.users_per_cycle / 2 + self.rng.below(self.users_per_cycle + 1);
            (
                self.rng.below(users),
                self.coprime_stride(),
                len.clamp(1, users),
            )
        };
        self.cycle = Cycle {
            number,
            app: (number % app_count) as usize,
            id: stable_guid(&[self.seed, 5, number]),
            initial,
            first_user,
            stride,
            len,
            done: 0,
        };
        let scheduled = START + number * CYCLE_SECS / app_count;
        self.clock = scheduled.max(self.clock + 60);
    }

    fn coprime_stride(&mut self) -> u64 {
        let users = self.users();
        loop {
            let stride = 1 + self.rng.below(users);
            if gcd(stride, users) == 1 {
                return stride;
            }
        }
    }

    /// Decides what this event does, changing the user in Entra ID first where the story needs
    /// it: users get disabled, re-enabled, moved between departments, assigned and unassigned.
    fn plan(&mut self, app: usize, user: usize) -> Plan {
        let rng = &mut self.rng;
        let source = &mut self.sources[user];
        let account = &mut self.accounts[app][user];
        if !account.assigned {
            // Now and then an unassigned user gets assigned (back): that makes a create.
            if !rng.chance(170) {
                return Plan {
                    action: Action::Other,
                    changes: Vec::new(),
                };
            }
            account.assigned = true;
            source.enabled = true;
        }
        let exported = account.exported;
        let action = if !account.exists {
            Action::Create
        } else if !exported.enabled && !source.enabled && rng.chance(300) {
            Action::Delete
        } else {
            if source.enabled && rng.chance(30) {
                source.enabled = false;
            } else if !source.enabled && rng.chance(200) {
                source.enabled = true;
            }
            if rng.chance(500) {
                source.change_an_attribute(rng);
            }
            // An update always carries a change (one change may also have undone another).
            while changes(&exported, source).is_empty() {
                source.change_an_attribute(rng);
            }
            if exported.enabled && !source.enabled {
                Action::Disable
            } else {
                Action::Update
            }
        };
        let changes = match action {
            Action::Update | Action::Disable => changes(&exported, source),
            _ => Vec::new(),
        };
        Plan { action, changes }
    }

    /// Whether this change fails, and how: an escrowed failure comes back until it clears.
    fn failure(&mut self, app: usize, user: usize, action: Action) -> Option<Failure> {
        if action == Action::Other {
            return None;
        }
        let account = &mut self.accounts[app][user];
        if let Some(escrow) = account.escrow {
            if self.rng.chance(550) {
                return Some(escrow);
            }
            account.escrow = None;
        }
        if !self.rng.chance(26) {
            return None;
        }
        let failure = match (*self.rng.pick(&Failure::WEIGHTED), action) {
            // A delete cannot clash with another object's name or domain.
            (Failure::EntryConflict | Failure::InvalidDomain, Action::Delete) => Failure::Timeout,
            (failure, _) => failure,
        };
        if failure.escrowed() {
            account.escrow = Some(failure);
        }
        Some(failure)
    }
}

/// `(attribute, old value, new value)` for each attribute that differs.
fn changes(old: &Source, new: &Source) -> Vec<(&'static str, &'static str, &'static str)> {
    let bool_text = |b: bool| if b { "True" } else { "False" };
    let text = |table: &[&'static str], i: u8| table[usize::from(i)];
    let all = [
        (
            "accountEnabled",
            bool_text(old.enabled),
            bool_text(new.enabled),
        ),
        (
            "department",
            text(&DEPARTMENTS, old.department),
            text(&DEPARTMENTS, new.department),
        ),
        (
            "jobTitle",
            text(&TITLES, old.title),
            text(&TITLES, new.title),
        ),
        (
            "officeLocation",
            text(&OFFICES, old.office),
            text(&OFFICES, new.office),
        ),
    ];
    all.into_iter().filter(|(_, old, new)| old != new).collect()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// A random index of a table of `len` (> 1) entries, other than `current`.
fn other_than(rng: &mut Rng, current: u8, len: usize) -> u8 {
    ((u64::from(current) + 1 + rng.below(len as u64 - 1)) % len as u64) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn user_principal_names_are_lower_case_ascii_and_unique() {
        assert_eq!(upn_part("Nguyễn"), "nguyen");
        assert_eq!(upn_part("O'Brien"), "obrien");
        for names in [&GIVEN, &SURNAMES] {
            let parts: HashSet<String> = names.iter().map(|n| upn_part(n)).collect();
            assert_eq!(parts.len(), names.len(), "two names share a UPN form");
            for (name, part) in names.iter().zip(names.iter().map(|n| upn_part(n))) {
                assert_eq!(
                    part.len(),
                    name.chars().filter(|c| c.is_alphabetic()).count()
                );
                assert!(
                    part.bytes().all(|b| b.is_ascii_lowercase()),
                    "{name} -> {part}"
                );
            }
        }
        let people = 3 * GIVEN.len() * SURNAMES.len();
        let upns: HashSet<String> = (0..people as u64).map(|n| Person::new(9, n).upn).collect();
        assert_eq!(upns.len(), people);
    }

    #[test]
    fn events_are_in_time_order_and_apps_take_turns() {
        let mut tenant = Tenant::new(4, 50, 3_000);
        let (mut last_time, mut cycles) = (String::new(), Vec::new());
        for index in 0..3_000 {
            let event = tenant.next_event(index);
            assert!(event.time >= last_time, "{} before {last_time}", event.time);
            last_time = event.time;
            if cycles.last().map(|(id, _)| id) != Some(&event.cycle_id) {
                cycles.push((event.cycle_id, event.app));
            }
        }
        let apps = tenant.apps.len();
        assert!(cycles.len() > 2 * apps, "{} cycles", cycles.len());
        for (number, (_, app)) in cycles.iter().enumerate() {
            assert_eq!(*app, number % apps);
        }
    }

    #[test]
    fn updates_always_change_something() {
        let mut tenant = Tenant::new(8, 20, 5_000);
        for index in 0..5_000 {
            let event = tenant.next_event(index);
            if matches!(event.plan.action, Action::Update | Action::Disable) {
                assert!(
                    !event.plan.changes.is_empty(),
                    "empty update at {}",
                    event.time
                );
            }
        }
    }
}
