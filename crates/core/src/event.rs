//! The one model every format is read into: an [`Event`] is one record of a file (one
//! provisioning event, or one audit event), with its [`Step`]s and modified properties.
//!
//! Strings repeated across events (job ids, system names, step names) are shared [`Text`]s
//! made by an [`Interner`], so a quarter of a million events cost little more than their
//! distinct strings.

use std::collections::HashSet;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

/// Step detail keys whose values identify the object, searched like its ids.
const ID_DETAILS: [&str; 10] = [
    "objectId",
    "employeeId",
    "userPrincipalName",
    "mail",
    "mailNickname",
    "externalId",
    "SourceAnchor",
    "TargetAnchor",
    "JoiningProperty",
    "ReportableIdentifier",
];

/// A shared, immutable string. Cloning is a reference-count increment.
pub type Text = Arc<str>;

/// A string told apart from others by where it is, not by its bytes: hashing and comparing
/// it do not read them. Texts interned alike are one; equal texts held apart are two (so
/// a table keyed by `Held` finds each distinct string once, cheaply, and what must be equal
/// by text is compared after, once per distinct string).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Held<'e>(pub &'e str);

impl Held<'_> {
    /// Where the string is and how long: all that tells two apart.
    fn place(&self) -> (usize, usize) {
        (self.0.as_ptr() as usize, self.0.len())
    }
}

impl PartialEq for Held<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.place() == other.place()
    }
}

impl Eq for Held<'_> {}

/// Ordered by where the string is (then its length): an order in which each distinct
/// string's holders are side by side, not an order of texts.
impl Ord for Held<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.place().cmp(&other.place())
    }
}

impl PartialOrd for Held<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::hash::Hash for Held<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.place().hash(state);
    }
}

/// Strings longer than this are rarely repeated (reasons, descriptions naming a user):
/// they are not worth a hash-table lookup. Ids and UPNs (up to 40 bytes) are, since each
/// user's recur in all its events. Measured on a generated 211 MB download: 40 loads at
/// 227 MB/s with 222 MB of events; no cap, 200 MB/s; 16, 235 MB/s but 306 MB of events.
const INTERN_UP_TO: usize = 40;

/// Hands out one shared [`Text`] per distinct short string.
#[derive(Default, Debug)]
pub struct Interner {
    seen: HashSet<Text, BuildHasherDefault<FxHasher>>,
}

impl Interner {
    /// The shared copy of `s`, made on first use (a fresh one for long strings).
    pub fn get(&mut self, s: &str) -> Text {
        if s.len() > INTERN_UP_TO {
            return Arc::from(s);
        }
        if let Some(t) = self.seen.get(s) {
            return t.clone();
        }
        let t: Text = Arc::from(s);
        self.seen.insert(t.clone());
        t
    }

    /// Like [`Interner::get`], but `None` for an empty or missing string.
    pub fn opt(&mut self, s: Option<&str>) -> Option<Text> {
        match s {
            Some(s) if !is_blank(s) => Some(self.get(s)),
            _ => None,
        }
    }

    /// Like [`Interner::opt`], for a string that differs in every event (an event's id, its
    /// change id): a fresh copy, without filling the table with strings never seen again.
    pub fn unique(&self, s: Option<&str>) -> Option<Text> {
        s.filter(|s| !is_blank(s)).map(Text::from)
    }

    /// Number of distinct strings held.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// True when nothing was interned yet.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

/// True when `s` is empty or all white space (`s.trim().is_empty()`, without the trim when
/// the first character decides).
pub(crate) fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => false,
        _ => s.trim().is_empty(),
    }
}

/// The Firefox/rustc hash: a multiply and a rotate per word. Interned strings come from
/// the admin's own files, where a crafted collision gains nothing, and SipHash took a
/// third of the load time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply carries differences upwards only; hash tables index by the low
        // bits, so the well-mixed high bits are rotated down (as rustc-hash 2 does).
        // Without it, ids that differ in their last bytes all landed in one bucket.
        self.hash.rotate_left(26)
    }
}

/// Outcome of an event or of one of its steps (Graph's `provisioningResult`; an audit
/// event's `result` maps onto it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The operation succeeded.
    Success,
    /// The operation failed.
    Failure,
    /// The object was evaluated and deliberately left alone (out of scope, nothing to do).
    Skipped,
    /// Succeeded with a warning.
    Warning,
}

impl Status {
    /// All statuses, in display order.
    pub const ALL: [Status; 4] = [
        Status::Success,
        Status::Failure,
        Status::Skipped,
        Status::Warning,
    ];

    /// Reads a status in any casing, as a name or as the integer of Azure Monitor records.
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        let is = |names: &[&str]| names.iter().any(|n| s.eq_ignore_ascii_case(n));
        Some(if is(&["success", "succeeded", "0"]) {
            Status::Success
        } else if is(&["failure", "failed", "timeout", "1"]) {
            Status::Failure
        } else if is(&["skipped", "2"]) {
            Status::Skipped
        } else if is(&["warning", "3"]) {
            Status::Warning
        } else {
            return None;
        })
    }

    /// The lowercase id used in hooks, JSON and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Success => "success",
            Status::Failure => "failure",
            Status::Skipped => "skipped",
            Status::Warning => "warning",
        }
    }

    /// The word shown to the admin.
    pub fn label(self) -> &'static str {
        match self {
            Status::Success => "Success",
            Status::Failure => "Failure",
            Status::Skipped => "Skipped",
            Status::Warning => "Warning",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the provisioning service did to the object (`provisioningAction`, or the legacy
/// `action`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Created in the target.
    Create,
    /// Updated in the target.
    Update,
    /// Deleted from the target.
    Delete,
    /// Disabled in the target.
    Disable,
    /// A delete held back by the accidental-deletions threshold.
    #[serde(rename = "stageddelete")]
    StagedDelete,
    /// Anything else, e.g. nothing to do because source and target already match.
    Other,
}

impl Action {
    /// All actions, in display order.
    pub const ALL: [Action; 6] = [
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::Disable,
        Action::StagedDelete,
        Action::Other,
    ];

    /// Reads an action in any casing; legacy step-like names (`EntryExportUpdate`) map onto
    /// the action they performed.
    pub fn parse(s: &str) -> Option<Action> {
        // The usual names first, without making a lowercase copy.
        let trimmed = s.trim();
        let is = |names: &[&str]| names.iter().any(|n| trimmed.eq_ignore_ascii_case(n));
        if is(&["create"]) {
            return Some(Action::Create);
        } else if is(&["update"]) {
            return Some(Action::Update);
        }
        let lower = trimmed.to_ascii_lowercase();
        Some(match lower.as_str() {
            "create" | "add" => Action::Create,
            "update" => Action::Update,
            "delete" => Action::Delete,
            "disable" => Action::Disable,
            "stageddelete" | "staged delete" => Action::StagedDelete,
            "other" | "unknownfuturevalue" | "none" => Action::Other,
            _ if lower.starts_with("entry") => {
                if lower.contains("softdelete") || lower.contains("disable") {
                    Action::Disable
                } else if lower.ends_with("add") {
                    Action::Create
                } else if lower.ends_with("update") {
                    Action::Update
                } else if lower.ends_with("delete") {
                    Action::Delete
                } else {
                    Action::Other
                }
            }
            _ => return None,
        })
    }

    /// The lowercase id used in hooks, JSON and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Disable => "disable",
            Action::StagedDelete => "stageddelete",
            Action::Other => "other",
        }
    }

    /// The word shown to the admin (the portal's Action column).
    pub fn label(self) -> &'static str {
        match self {
            Action::Create => "Create",
            Action::Update => "Update",
            Action::Delete => "Delete",
            Action::Disable => "Disable",
            Action::StagedDelete => "StagedDelete",
            Action::Other => "Other",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a step in the seed's sequence: import from the source, scoping, matching in
/// the target, processing (the synchronization rule's decision), export, escrow retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Read from the source (or looked up in the target).
    Import,
    /// Scoping filters and assignment evaluated.
    Scoping,
    /// Looked for a matching object in the target.
    Matching,
    /// The synchronization rule decided what to do.
    Processing,
    /// An audit "Synchronization rule action" event.
    SyncRule,
    /// Written to the target.
    Export,
    /// A retry of a change that failed before (Process escrow).
    Escrow,
    /// Anything else (reference resolution, unknown future values).
    Other,
}

impl StepKind {
    /// Reads `provisioningStepType` in any casing, or as Azure Monitor's integer.
    pub fn parse(s: &str) -> StepKind {
        let s = s.trim();
        let is = |names: &[&str]| names.iter().any(|n| s.eq_ignore_ascii_case(n));
        if is(&["import", "0"]) {
            StepKind::Import
        } else if is(&["scoping", "1"]) {
            StepKind::Scoping
        } else if is(&["matching", "2"]) {
            StepKind::Matching
        } else if is(&["processing", "3"]) {
            StepKind::Processing
        } else if is(&["export", "5"]) {
            StepKind::Export
        } else if is(&["escrow", "process escrow"]) {
            StepKind::Escrow
        } else if is(&["synchronization rule action", "sync-rule"]) {
            StepKind::SyncRule
        } else {
            StepKind::Other
        }
    }

    /// The id used in the `data-kind` hook and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Import => "import",
            StepKind::Scoping => "scoping",
            StepKind::Matching => "matching",
            StepKind::Processing => "processing",
            StepKind::SyncRule => "sync-rule",
            StepKind::Export => "export",
            StepKind::Escrow => "escrow",
            StepKind::Other => "other",
        }
    }

    /// The word shown in the timeline.
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Import => "Import",
            StepKind::Scoping => "Scoping",
            StepKind::Matching => "Matching",
            StepKind::Processing => "Processing",
            StepKind::SyncRule => "Sync rule",
            StepKind::Export => "Export",
            StepKind::Escrow => "Escrow",
            StepKind::Other => "Other",
        }
    }
}

/// One step of a change (`provisioningSteps[]`, or one audit event of a correlation id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Import, scoping, matching, …
    pub kind: StepKind,
    /// The step's outcome.
    pub status: Status,
    /// The step's name, e.g. `EntryExportAdd`.
    pub name: Text,
    /// The human sentence, e.g. "User 'x' will be created in Contoso (...)".
    pub description: Text,
    /// The step's open key → value details, in file order.
    pub details: Vec<(Text, Text)>,
}

/// One attribute change carried by an event: old → new.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModifiedProperty {
    /// The attribute's name.
    pub name: Text,
    /// The value before (absent on creates).
    pub old: Option<Text>,
    /// The value after.
    pub new: Option<Text>,
}

/// An object as one side of the change sees it (`sourceIdentity` / `targetIdentity`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Party {
    /// The object's id in its system (may be empty, e.g. a target not created yet).
    pub id: Option<Text>,
    /// Its display name.
    pub display_name: Option<Text>,
    /// `User`, `Group`, a SCIM URN, …
    pub kind: Option<Text>,
    /// Its user principal name, where the record gives one.
    pub upn: Option<Text>,
}

/// Which family of log the record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// A provisioningObjectSummary (provisioning logs).
    Provisioning,
    /// A directoryAudit of the Account Provisioning service (audit logs).
    Audit,
}

/// Where a record sits in its file: for error messages and for showing the raw record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the record's first byte.
    pub offset: u64,
    /// Length in bytes.
    pub len: u64,
    /// 1-based line of the record's first byte.
    pub line: u64,
}

/// One record of a log file, in the one model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The record's id in its file (Graph `id`).
    pub id: Text,
    /// When it happened (`activityDateTime`).
    pub time: Option<Timestamp>,
    /// Provisioning or audit.
    pub record: RecordKind,
    /// What the service did.
    pub action: Action,
    /// The activity as the portal names it: the action for provisioning events (`Create`),
    /// the activity for audit events (`Export`).
    pub activity: Text,
    /// The outcome.
    pub status: Status,
    /// The error code, when the event failed (or a skip reason, when skipped).
    pub error_code: Option<Text>,
    /// The error's reason, or the deciding step's description.
    pub reason: Option<Text>,
    /// The error's recommended action, when the record carries one.
    pub recommended_action: Option<Text>,
    /// The provisioning job (app) id.
    pub job_id: Option<Text>,
    /// The cycle (one run of the job).
    pub cycle_id: Option<Text>,
    /// The object change (one provisioning event; a correlation id for audit events).
    pub change_id: Option<Text>,
    /// The source system's name (e.g. "Azure Active Directory", "Workday").
    pub source_system: Option<Text>,
    /// The target system's name (the app).
    pub target_system: Option<Text>,
    /// The provisioning app's service principal name.
    pub app: Option<Text>,
    /// The object in the source.
    pub source: Party,
    /// The object in the target.
    pub target: Party,
    /// The first `ReportableIdentifier` found in the steps' details.
    pub reportable_id: Option<Text>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// The attribute changes.
    pub modified: Vec<ModifiedProperty>,
    /// How long the change took.
    pub duration_ms: Option<u64>,
    /// Index of the file it came from, in the [`crate::log::Log`]'s file list.
    pub file: u32,
    /// Where it sits in that file.
    pub span: Span,
}

impl Event {
    /// The name the grid shows for the object: UPN, else display name, else reportable
    /// identifier, else an id.
    pub fn identity_label(&self) -> &str {
        let candidates = [
            &self.source.upn,
            &self.target.upn,
            &self.source.display_name,
            &self.target.display_name,
            &self.reportable_id,
            &self.source.id,
            &self.target.id,
        ];
        candidates
            .into_iter()
            .flatten()
            .map(|t| &**t)
            .find(|s| !s.is_empty())
            .unwrap_or("(unknown object)")
    }

    /// The key the timeline groups by: the source object's id, else the reportable
    /// identifier, else the target id, else the event's own id.
    pub fn identity_key(&self) -> &str {
        [&self.source.id, &self.reportable_id, &self.target.id]
            .into_iter()
            .flatten()
            .map(|t| &**t)
            .find(|s| !s.is_empty())
            .unwrap_or(&self.id)
    }

    /// Every identifier of the event, for search: ids, UPNs, names, reportable identifier,
    /// change / cycle / job ids, and the id-like attributes its steps carry (employee id,
    /// mail, anchors).
    pub fn identifiers(&self) -> impl Iterator<Item = &str> {
        let parties = [&self.source, &self.target]
            .into_iter()
            .flat_map(|p| [&p.id, &p.upn, &p.display_name]);
        let step_ids = self.steps.iter().flat_map(|s| {
            s.details
                .iter()
                .filter(|(k, _)| ID_DETAILS.iter().any(|d| k.eq_ignore_ascii_case(d)))
                .map(|(_, v)| v)
        });
        std::iter::once(&self.id)
            .chain(parties.flatten())
            .chain(
                [
                    &self.reportable_id,
                    &self.change_id,
                    &self.cycle_id,
                    &self.job_id,
                ]
                .into_iter()
                .flatten(),
            )
            .chain(step_ids)
            .map(|t| &**t)
            .filter(|s| !s.is_empty())
    }

    /// The reason column: error code and reason, or the deciding step's description.
    pub fn status_reason(&self) -> String {
        match (&self.error_code, &self.reason) {
            (Some(code), Some(reason)) => format!("{code}: {reason}"),
            (Some(code), None) => code.to_string(),
            (None, Some(reason)) => reason.to_string(),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_what_trims_to_nothing() {
        for s in [
            "", " ", "\t\n", "\u{0B}", "\u{0B}x", "\u{A0}", "\u{A0}x", "x", " x ", "é",
        ] {
            assert_eq!(is_blank(s), s.trim().is_empty(), "{s:?}");
        }
    }

    #[test]
    fn ids_that_differ_only_at_the_end_spread_over_the_buckets() {
        // Generated and sequential ids share all but their last characters.
        let mut buckets = std::collections::HashSet::new();
        for n in 0..4096u32 {
            let mut h = FxHasher::default();
            h.write(format!("d1cea94e-660d-40e0-bdfa-{n:012}").as_bytes());
            buckets.insert(h.finish() & 0x3FF);
        }
        assert!(
            buckets.len() > 900,
            "{} of 1024 buckets used",
            buckets.len()
        );
    }
}
