//! The portal's provisioning-log "Download → CSV" (FORMATS.md §2): three files joined by
//! change id. `ProvisioningLogs.csv` holds the events without their steps and modified
//! properties, `ProvisioningLogs_ProvisioningSteps.csv` one row per step and
//! `ProvisioningLogs_ModifiedProperties.csv` one row per changed attribute, each with the
//! change id of its event. An events row is read into an [`Event`] with no steps; a step or
//! property row into a [`Part`], which the log joins to its event ([`crate::parts`]).
//!
//! The real headers are not published: columns are found through the header table of
//! [`super::csv`], which knows the portal's words and the Graph property names. An events
//! row is rewritten as the Graph record it stands for and read by the importer of the JSON
//! download, so both downloads read alike. Without an id column, the change id (unique per
//! event) is the event's id, so overlapping downloads merge.
//!
//! [`Event`]: crate::event::Event

use serde::Deserialize;
use serde_json::{Map, Value};

use super::csv::{Column, Header, Row};
use super::graph_provisioning::{self, Record, Stated};
use super::value::Details;
use super::{Ctx, Imported};
use crate::event::{Interner, ModifiedProperty, Status, Step, StepKind, Text};
use crate::parts::{Content, Part};

/// Reads a row of `ProvisioningLogs.csv` into an event without steps.
pub(crate) fn read_event(header: &Header, row: &Row<'_>, ctx: &mut Ctx<'_>) -> Imported {
    let mut record = Map::new();
    let mut identity = None;
    for (column, value) in header.cells(row) {
        let path = match column {
            Column::Id => "id",
            Column::Date => "activityDateTime",
            Column::ChangeId => "changeId",
            Column::Status => "provisioningStatusInfo.status",
            Column::Field(path) => path,
            Column::Identity => {
                identity = Some(value);
                continue;
            }
            _ => continue,
        };
        put(&mut record, path, value.trim());
    }
    // The grid's Identity names the object where no column of its own does.
    if !header.has(Column::Field("sourceIdentity.displayName")) {
        if let Some(name) = identity {
            put(&mut record, "sourceIdentity.displayName", name.trim());
        }
    }
    let record = Value::Object(record);
    let Some(change_id) = record.get("changeId").and_then(Value::as_str) else {
        return Imported::Skip("this event has no change ID".to_string());
    };
    let stated = Stated {
        id: Some(change_id),
        ..Stated::default()
    };
    match Record::deserialize(&record) {
        Ok(r) => match graph_provisioning::event_from(r, &stated, ctx) {
            Imported::NotMine => Imported::Skip("this row holds no provisioning event".into()),
            imported => imported,
        },
        Err(e) => Imported::Skip(format!("this row cannot be read: {e}")),
    }
}

/// Sets `path` (`sourceIdentity.id`) of a record to `value`, unless an earlier column did.
fn put(record: &mut Map<String, Value>, path: &str, value: &str) {
    let mut map = record;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if keys.peek().is_none() {
            map.entry(key).or_insert_with(|| Value::from(value));
            return;
        }
        let Value::Object(inner) = map.entry(key).or_insert_with(|| Value::Object(Map::new()))
        else {
            return;
        };
        map = inner;
    }
}

/// Reads a row of `ProvisioningLogs_ProvisioningSteps.csv` into a step of its change.
pub(crate) fn read_step(header: &Header, row: &Row<'_>, ctx: &mut Ctx<'_>) -> Imported {
    let (mut change, mut name, mut number) = (None, None, None);
    let (mut kind, mut status, mut description, mut details) = (None, None, None, None);
    for (column, value) in header.cells(row) {
        match column {
            Column::ChangeId => change = Some(value.trim()),
            // A plain number is the step's number (a `Step` column beside `Name`).
            Column::Name => match value.trim().parse::<u32>() {
                Ok(n) => number = number.or(Some(n)),
                Err(_) => name = name.or(Some(value.trim())),
            },
            Column::StepNumber => number = value.trim().parse().ok().or(number),
            Column::StepType => kind = Some(StepKind::parse(value)),
            Column::Status | Column::Result => status = Status::parse(value),
            Column::Description => description = Some(value.trim()),
            Column::Details => details = Some(value),
            _ => {}
        }
    }
    let Some(change) = change else {
        return Imported::Skip("this step has no change ID to join it to its event".into());
    };
    let name = name.unwrap_or("");
    let strings = &mut *ctx.strings;
    let step = Step {
        kind: kind.unwrap_or_else(|| kind_of(name)),
        status: status.unwrap_or(Status::Success),
        name: strings.get(name),
        description: strings.get(description.unwrap_or("")),
        details: details.map_or_else(Vec::new, |d| read_details(d, strings)),
    };
    Imported::Part(Part {
        change_id: strings.get(change),
        order: number,
        file: ctx.file,
        content: Content::Step(step),
    })
}

/// A step's kind from its name, when the file has no type column.
fn kind_of(name: &str) -> StepKind {
    let name = name.to_ascii_lowercase();
    if name.starts_with("entryimport") {
        StepKind::Import
    } else if name.starts_with("entryexport") {
        StepKind::Export
    } else if name.contains("scoping") {
        StepKind::Scoping
    } else {
        StepKind::Other
    }
}

/// A step's details cell: a JSON object as the Graph record has it, else one `key: value`
/// per line (a line without a key is kept under `Details`).
fn read_details(text: &str, strings: &mut Interner) -> Vec<(Text, Text)> {
    let text = text.trim();
    if text.starts_with('{') {
        if let Ok(details) = serde_json::from_str::<Details<'_>>(text) {
            return details
                .0
                .iter()
                .map(|(k, v)| (strings.get(k), strings.get(v.0.as_deref().unwrap_or(""))))
                .collect();
        }
    }
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (key, value) = line
                .split_once(": ")
                .or_else(|| line.strip_suffix(':').map(|k| (k, "")))
                .unwrap_or(("Details", line));
            (strings.get(key.trim()), strings.get(value.trim()))
        })
        .collect()
}

/// Reads a row of `ProvisioningLogs_ModifiedProperties.csv` into a property of its change.
pub(crate) fn read_property(header: &Header, row: &Row<'_>, ctx: &mut Ctx<'_>) -> Imported {
    let (mut change, mut name, mut old, mut new) = (None, None, None, None);
    for (column, value) in header.cells(row) {
        match column {
            Column::ChangeId => change = Some(value.trim()),
            Column::Name => name = name.or(Some(value.trim())),
            Column::OldValue => old = Some(value),
            Column::NewValue => new = Some(value),
            _ => {}
        }
    }
    let Some(change) = change else {
        return Imported::Skip(
            "this modified property has no change ID to join it to its event".into(),
        );
    };
    let Some(name) = name else {
        return Imported::Skip("this modified property has no name".into());
    };
    let strings = &mut *ctx.strings;
    let property = ModifiedProperty {
        name: strings.get(name),
        old: old.map(|v| strings.get(v)),
        new: new.map(|v| strings.get(v)),
    };
    Imported::Part(Part {
        change_id: strings.get(change),
        order: None,
        file: ctx.file,
        content: Content::Property(property),
    })
}
