//! Steps and modified properties that arrive apart from their events. The portal's CSV
//! download of provisioning logs is three files: `ProvisioningLogs.csv` holds the events,
//! `ProvisioningLogs_ProvisioningSteps.csv` their steps and
//! `ProvisioningLogs_ModifiedProperties.csv` their changed attributes, both by change id.
//! The files may be dropped in any order, together or one drop after another: [`Parts`]
//! joins each [`Part`] to the event of its change id, keeps those whose event has not come
//! yet, and says in each file's report what is still missing.
//!
//! An event takes its steps from one file only (and its properties from one file only): the
//! same steps in a second, overlapping download, or for an event whose JSON record carried
//! them already, are counted as duplicates.

use std::collections::HashMap;

use crate::event::{Event, ModifiedProperty, RecordKind, Step, Text};
use crate::formats::{graph_provisioning, Format};
use crate::load::FileReport;

/// A step or a modified property of the event with `change_id`.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The change id of the event it belongs to.
    pub change_id: Text,
    /// Its number among the change's steps, where the file gives one.
    pub order: Option<u32>,
    /// Index of the file it came from, in the log's file list.
    pub file: u32,
    /// The step or the property.
    pub content: Content,
}

/// What a [`Part`] holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// One step of the change.
    Step(Step),
    /// One changed attribute.
    Property(ModifiedProperty),
}

/// The parts still waiting for their events, and the index that finds an event by change id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parts {
    waiting: HashMap<Text, Vec<Part>>,
    /// Change id → index of the provisioning event, built on the first part, then kept up.
    by_change: HashMap<Text, u32>,
    /// How many of the log's events are in `by_change` already.
    indexed: usize,
}

impl Parts {
    /// Joins the parts of file `file` and those still waiting to the events loaded so far;
    /// the rest wait. Then tells each file of a CSV download what it is still missing.
    pub(crate) fn join(
        &mut self,
        file: u32,
        parts: Vec<Part>,
        events: &mut [Event],
        files: &mut [FileReport],
    ) {
        if !parts.is_empty() || !self.waiting.is_empty() {
            self.index(events);
            for part in parts {
                let part = Part { file, ..part };
                self.waiting
                    .entry(part.change_id.clone())
                    .or_default()
                    .push(part);
            }
            let by_change = &self.by_change;
            self.waiting.retain(|change, parts| {
                let Some(event) = by_change
                    .get(change)
                    .and_then(|&i| events.get_mut(i as usize))
                else {
                    return true;
                };
                attach(event, std::mem::take(parts), files);
                false
            });
        }
        self.describe(files);
    }

    /// Adds the events loaded since the last join to the change id index.
    fn index(&mut self, events: &[Event]) {
        for (i, event) in events.iter().enumerate().skip(self.indexed) {
            if let (RecordKind::Provisioning, Some(change)) = (event.record, &event.change_id) {
                self.by_change.entry(change.clone()).or_insert(i as u32);
            }
        }
        self.indexed = events.len();
    }

    /// Sets each file's `missing`: what its download still lacks, in the admin's words.
    fn describe(&self, files: &mut [FileReport]) {
        let mut waiting: HashMap<u32, u64> = HashMap::new();
        for part in self.waiting.values().flatten() {
            *waiting.entry(part.file).or_default() += 1;
        }
        let loaded = |format| files.iter().any(|f| f.format == format);
        let events = loaded(Format::PortalProvisioningCsv);
        let steps = loaded(Format::PortalProvisioningStepsCsv);
        let properties = loaded(Format::PortalProvisioningPropertiesCsv);
        for (i, report) in files.iter_mut().enumerate() {
            let n = waiting.get(&(i as u32)).copied().unwrap_or(0);
            let name = &report.name;
            report.missing = match report.format {
                Format::PortalProvisioningStepsCsv if n > 0 => {
                    Some(wait(n, "step waits", "steps wait", name, events))
                }
                Format::PortalProvisioningPropertiesCsv if n > 0 => Some(wait(
                    n,
                    "modified property waits",
                    "modified properties wait",
                    name,
                    events,
                )),
                Format::PortalProvisioningCsv => {
                    let steps_file = sibling(name, "ProvisioningSteps");
                    let properties_file = sibling(name, "ModifiedProperties");
                    match (steps, properties) {
                        (false, false) => Some(format!(
                            "the events' steps and modified properties are in two other files \
                             of the download: drop {steps_file} and {properties_file} too"
                        )),
                        (false, true) => Some(format!(
                            "the events' steps are in another file of the download: drop \
                             {steps_file} too"
                        )),
                        (true, false) => Some(format!(
                            "the events' modified properties are in another file of the \
                             download: drop {properties_file} too"
                        )),
                        (true, true) => None,
                    }
                }
                _ => None,
            };
        }
    }
}

/// Attaches one change's parts to its event: its steps in their order, its properties, and
/// what they tell about the event (UPN, reportable identifier, reason).
fn attach(event: &mut Event, parts: Vec<Part>, files: &mut [FileReport]) {
    let first = |step: bool| {
        parts
            .iter()
            .find(|p| matches!(p.content, Content::Step(_)) == step)
            .map(|p| p.file)
    };
    let step_file = first(true).filter(|_| event.steps.is_empty());
    let property_file = first(false).filter(|_| event.modified.is_empty());
    let mut steps = Vec::new();
    for part in parts {
        match part.content {
            Content::Step(step) if Some(part.file) == step_file => steps.push((part.order, step)),
            Content::Property(p) if Some(part.file) == property_file => event.modified.push(p),
            _ => {
                if let Some(report) = files.get_mut(part.file as usize) {
                    report.duplicates += 1;
                }
            }
        }
    }
    // Stable: steps without a number keep the file's order.
    steps.sort_by_key(|(order, _)| *order);
    event.steps.extend(steps.into_iter().map(|(_, step)| step));
    graph_provisioning::complete(event);
}

/// "120 steps wait for their events: drop ProvisioningLogs.csv too".
fn wait(n: u64, one: &str, many: &str, name: &str, events_loaded: bool) -> String {
    let what = if n == 1 { one } else { many };
    let events_file = sibling(name, "");
    if events_loaded {
        format!(
            "{n} {what} for their events, whose change IDs are in none of the files loaded: \
             drop the {events_file} of the same download too"
        )
    } else {
        format!("{n} {what} for their events: drop {events_file} too")
    }
}

/// The name of another file of the same download: `ProvisioningLogs_<part>.csv` beside
/// `ProvisioningLogs.csv`, keeping what the browser added (`ProvisioningLogs (2).csv`);
/// an empty `part` names the events file.
fn sibling(name: &str, part: &str) -> String {
    const STEM: &str = "ProvisioningLogs";
    let lower = name.to_ascii_lowercase();
    let Some(rest) = lower
        .starts_with(&STEM.to_ascii_lowercase())
        .then(|| &name[STEM.len()..])
    else {
        return match part {
            "" => format!("{STEM}.csv"),
            part => format!("{STEM}_{part}.csv"),
        };
    };
    // Drop the part the name carries, if any, and put in the one wanted.
    let rest = ["_ProvisioningSteps", "_ModifiedProperties"]
        .iter()
        .find_map(|p| {
            rest.get(..p.len())
                .filter(|r| r.eq_ignore_ascii_case(p))
                .map(|_| &rest[p.len()..])
        })
        .unwrap_or(rest);
    match part {
        "" => format!("{STEM}{rest}"),
        part => format!("{STEM}_{part}{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::sibling;

    #[test]
    fn siblings_keep_what_the_browser_added_to_the_name() {
        assert_eq!(sibling("ProvisioningLogs.csv", ""), "ProvisioningLogs.csv");
        assert_eq!(
            sibling("ProvisioningLogs (2).csv", "ProvisioningSteps"),
            "ProvisioningLogs_ProvisioningSteps (2).csv"
        );
        assert_eq!(
            sibling("provisioninglogs_provisioningsteps_2024.csv", ""),
            "ProvisioningLogs_2024.csv"
        );
        assert_eq!(
            sibling(
                "ProvisioningLogs_ModifiedProperties.csv",
                "ProvisioningSteps"
            ),
            "ProvisioningLogs_ProvisioningSteps.csv"
        );
        assert_eq!(
            sibling("steps.csv", "ModifiedProperties"),
            "ProvisioningLogs_ModifiedProperties.csv"
        );
    }
}
