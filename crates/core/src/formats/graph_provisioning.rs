//! provisioningObjectSummary records (Graph `GET /auditLogs/provisioning` v1.0 and beta,
//! the portal's "Download → JSON", and the legacy 2019–2021 shape with only `action` and
//! `statusInfo`) read into [`Event`]s.
//!
//! Both the old and the new field names are accepted (beta carries both), enums in any
//! casing, and the PascalCase `Id`/`Name` keys of Azure Monitor copies.
//!
//! The other formats that carry a provisioningObjectSummary (Azure Monitor records, Log
//! Analytics rows, provisionOnDemand answers) deserialise a [`Record`] themselves and hand it
//! to [`event_from`] with what their wrapper states about it ([`Stated`]).

use serde::Deserialize;

use super::value::{Details, Loose};
use super::{Ctx, Imported};
use crate::event::{
    Action, Event, Interner, ModifiedProperty, Party, RecordKind, Span, Status, Step, StepKind,
    Text,
};
use crate::time::Timestamp;

/// One record as it appears in the file. Every field is optional: what is missing is
/// taken from the wrapper ([`Stated`]), derived (status from the steps) or left unknown.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Record<'a> {
    #[serde(borrow, default, alias = "Id")]
    id: Loose<'a>,
    #[serde(borrow, default, alias = "ActivityDateTime")]
    activity_date_time: Loose<'a>,
    #[serde(borrow, default, alias = "JobId")]
    job_id: Loose<'a>,
    #[serde(borrow, default, alias = "CycleId")]
    cycle_id: Loose<'a>,
    #[serde(borrow, default, alias = "ChangeId")]
    change_id: Loose<'a>,
    #[serde(borrow, default, alias = "ProvisioningAction")]
    provisioning_action: Loose<'a>,
    #[serde(borrow, default, alias = "Action")]
    action: Loose<'a>,
    #[serde(borrow, default, alias = "DurationInMilliseconds")]
    duration_in_milliseconds: Loose<'a>,
    #[serde(borrow, default, alias = "SourceSystem")]
    source_system: Option<System<'a>>,
    #[serde(borrow, default, alias = "TargetSystem")]
    target_system: Option<System<'a>>,
    #[serde(borrow, default, alias = "ServicePrincipal")]
    service_principal: Option<System<'a>>,
    #[serde(borrow, default, alias = "SourceIdentity")]
    source_identity: Option<Identity<'a>>,
    #[serde(borrow, default, alias = "TargetIdentity")]
    target_identity: Option<Identity<'a>>,
    #[serde(borrow, default, alias = "ProvisioningStatusInfo")]
    provisioning_status_info: Option<StatusInfo<'a>>,
    #[serde(borrow, default, alias = "StatusInfo")]
    status_info: Option<StatusInfo<'a>>,
    #[serde(borrow, default, alias = "ProvisioningSteps")]
    provisioning_steps: Option<Vec<RawStep<'a>>>,
    #[serde(borrow, default, alias = "ModifiedProperties")]
    modified_properties: Option<Vec<RawModified<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct System<'a> {
    #[serde(borrow, default, alias = "Name", alias = "name", alias = "DisplayName")]
    display_name: Loose<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Identity<'a> {
    #[serde(borrow, default, alias = "Id")]
    id: Loose<'a>,
    #[serde(borrow, default, alias = "Name", alias = "name", alias = "DisplayName")]
    display_name: Loose<'a>,
    #[serde(borrow, default, alias = "IdentityType", alias = "type")]
    identity_type: Loose<'a>,
    #[serde(borrow, default, alias = "Details")]
    details: Details<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct StatusInfo<'a> {
    #[serde(borrow, default, alias = "Status")]
    status: Loose<'a>,
    #[serde(borrow, default, alias = "ErrorInformation")]
    error_information: Option<ErrorInfo<'a>>,
    // The legacy statusDetails carries the error fields flat.
    #[serde(borrow, flatten)]
    flat: ErrorInfo<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ErrorInfo<'a> {
    #[serde(borrow, default, alias = "ErrorCode")]
    error_code: Loose<'a>,
    #[serde(borrow, default, alias = "Reason")]
    reason: Loose<'a>,
    #[serde(borrow, default, alias = "AdditionalDetails")]
    additional_details: Loose<'a>,
    #[serde(borrow, default, alias = "RecommendedAction")]
    recommended_action: Loose<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawStep<'a> {
    #[serde(borrow, default, alias = "Name")]
    name: Loose<'a>,
    #[serde(
        borrow,
        default,
        alias = "ProvisioningStepType",
        alias = "type",
        alias = "Type"
    )]
    provisioning_step_type: Loose<'a>,
    #[serde(borrow, default, alias = "Status")]
    status: Loose<'a>,
    #[serde(borrow, default, alias = "Description")]
    description: Loose<'a>,
    #[serde(borrow, default, alias = "Details")]
    details: Details<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawModified<'a> {
    #[serde(borrow, default, alias = "DisplayName", alias = "name")]
    display_name: Loose<'a>,
    #[serde(borrow, default, alias = "OldValue")]
    old_value: Loose<'a>,
    #[serde(borrow, default, alias = "NewValue")]
    new_value: Loose<'a>,
}

impl Record<'_> {
    /// True when the record carries what makes it a provisioning event.
    fn is_provisioning(&self) -> bool {
        self.provisioning_steps.is_some()
            || self.provisioning_status_info.is_some()
            || self.provisioning_action.get().is_some()
            || (self.job_id.get().is_some() && self.change_id.get().is_some())
    }

    /// The record in the one model, or why it cannot be one (no id, no status). Where the
    /// record is silent, what its wrapper states fills in.
    fn into_event(
        self,
        stated: &Stated<'_>,
        strings: &mut Interner,
        file: u32,
        span: Span,
    ) -> Result<Event, String> {
        let id = self
            .id
            .get()
            .or(stated.id)
            .ok_or("the record has no \"id\"")?;
        // Ids differ in every event: not worth a table entry.
        let id = Text::from(id);
        let steps: Vec<Step> = self
            .provisioning_steps
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let kind = s
                    .provisioning_step_type
                    .get()
                    .map_or(StepKind::Other, StepKind::parse);
                Step {
                    kind,
                    status: s
                        .status
                        .get()
                        .and_then(Status::parse)
                        .unwrap_or(Status::Success),
                    name: strings.get(s.name.get().unwrap_or("")),
                    description: strings.get(s.description.get().unwrap_or("")),
                    details: s
                        .details
                        .0
                        .iter()
                        .map(|(k, v)| (strings.get(k), strings.get(v.0.as_deref().unwrap_or(""))))
                        .collect(),
                }
            })
            .collect();

        let info = self
            .provisioning_status_info
            .or(self.status_info)
            .unwrap_or_default();
        let status = info
            .status
            .get()
            .and_then(Status::parse)
            .or(stated.status)
            .or_else(|| status_from_steps(&steps))
            .ok_or("the record has no status and no steps to derive one from")?;
        let error = info.error_information.unwrap_or_default();
        let pick = |a: &Loose<'_>, b: &Loose<'_>| a.get().or(b.get()).map(str::to_owned);
        let error_code = pick(&error.error_code, &info.flat.error_code)
            .or_else(|| stated.error_code.map(str::to_owned));
        let mut reason = pick(&error.reason, &info.flat.reason);
        let recommended = pick(&error.recommended_action, &info.flat.recommended_action);
        if reason.is_none() {
            reason = pick(&error.additional_details, &info.flat.additional_details)
                .or_else(|| stated.reason.map(str::to_owned));
        }

        let action = self
            .provisioning_action
            .get()
            .and_then(Action::parse)
            .or_else(|| self.action.get().and_then(Action::parse))
            .unwrap_or(Action::Other);
        let source = self.source_identity.unwrap_or_default();
        let target = self.target_identity.unwrap_or_default();
        let modified: Vec<ModifiedProperty> = self
            .modified_properties
            .unwrap_or_default()
            .into_iter()
            .filter_map(|m| {
                Some(ModifiedProperty {
                    name: strings.get(m.display_name.get()?),
                    old: m.old_value.0.as_deref().map(|v| strings.get(v)),
                    new: m.new_value.0.as_deref().map(|v| strings.get(v)),
                })
            })
            .collect();
        let source_upn = source.details.get("userPrincipalName").map(str::to_owned);
        let target_upn = target.details.get("userPrincipalName").map(str::to_owned);

        let mut event = Event {
            id,
            time: self
                .activity_date_time
                .get()
                .and_then(Timestamp::parse)
                .or(stated.time),
            record: RecordKind::Provisioning,
            action,
            activity: strings.get(action.label()),
            status,
            error_code: strings.opt(error_code.as_deref()),
            reason: strings.opt(reason.as_deref()),
            recommended_action: strings.opt(recommended.as_deref()),
            job_id: strings.opt(self.job_id.get()),
            cycle_id: strings.opt(self.cycle_id.get()),
            change_id: strings.unique(self.change_id.get().or(stated.change_id)),
            source_system: strings.opt(
                self.source_system
                    .as_ref()
                    .and_then(|s| s.display_name.get()),
            ),
            target_system: strings.opt(
                self.target_system
                    .as_ref()
                    .and_then(|s| s.display_name.get()),
            ),
            app: strings.opt(
                self.service_principal
                    .as_ref()
                    .and_then(|s| s.display_name.get()),
            ),
            source: party(strings, &source, source_upn),
            target: party(strings, &target, target_upn),
            reportable_id: None,
            steps,
            modified,
            duration_ms: self
                .duration_in_milliseconds
                .get()
                .and_then(|d| d.trim().parse().ok())
                .or(stated.duration_ms),
            file,
            span,
        };
        complete(&mut event);
        if event.reportable_id.is_none() {
            event.reportable_id = strings.opt(stated.reportable_id);
        }
        Ok(event)
    }
}

/// Fills in what an event's steps and modified properties tell where its record is silent:
/// the reportable identifier, the source's UPN (imported, or set by the change), a skip's
/// reason as its code, and the deciding step's description as the reason. Called when the
/// event is read, and again when a CSV download's steps and properties join it.
pub(crate) fn complete(event: &mut Event) {
    let found = |key: &str, kind: Option<StepKind>| {
        event
            .steps
            .iter()
            .filter(|s| kind.is_none_or(|k| s.kind == k))
            .find_map(|s| detail_text(s, key))
    };
    if event.reportable_id.is_none() {
        event.reportable_id = found("ReportableIdentifier", None);
    }
    if event.source.upn.is_none() {
        event.source.upn = found("userPrincipalName", Some(StepKind::Import)).or_else(|| {
            event
                .modified
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case("userPrincipalName"))
                .and_then(|m| m.new.clone())
                .filter(|v| !v.trim().is_empty())
        });
    }
    // A skip's reason lives in the skipped step; otherwise the deciding step explains.
    let deciding = deciding_step(&event.steps, event.status);
    if event.error_code.is_none() && event.status == Status::Skipped {
        event.error_code = deciding.and_then(|s| detail_text(s, "SkipReason"));
    }
    if event.reason.is_none() {
        event.reason = deciding
            .map(|s| s.description.clone())
            .filter(|d| !d.is_empty());
    }
}

fn party(strings: &mut Interner, p: &Identity<'_>, upn: Option<String>) -> Party {
    let display = p
        .display_name
        .get()
        .or_else(|| p.details.get("DisplayName"));
    Party {
        id: strings.opt(p.id.get().or_else(|| p.details.get("id"))),
        display_name: strings.opt(display),
        kind: strings.opt(p.identity_type.get()),
        upn: strings.opt(upn.as_deref()),
    }
}

/// The step's non-blank detail `key`, in any casing.
fn detail_text(step: &Step, key: &str) -> Option<Text> {
    step.details
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case(key) && !v.trim().is_empty())
        .map(|(_, v)| v.clone())
}

/// The event's status when the record states none: the worst of its steps.
fn status_from_steps(steps: &[Step]) -> Option<Status> {
    let worst = |s: Status| steps.iter().any(|st| st.status == s);
    if steps.is_empty() {
        None
    } else if worst(Status::Failure) {
        Some(Status::Failure)
    } else if worst(Status::Warning) {
        Some(Status::Warning)
    } else if steps.last().is_some_and(|s| s.status == Status::Skipped) {
        Some(Status::Skipped)
    } else {
        Some(Status::Success)
    }
}

/// The step that decided the event's outcome: the first step with the event's status (the
/// failed export, the skipping rule), else the last step.
fn deciding_step(steps: &[Step], status: Status) -> Option<&Step> {
    steps
        .iter()
        .find(|s| s.status == status && status != Status::Success)
        .or(steps.last())
}

/// What the wrapper around a provisioningObjectSummary states about it, used where the
/// record itself is silent: a provisionOnDemand answer's `key` and times, an Azure Monitor
/// envelope, a Log Analytics row's result columns.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Stated<'s> {
    /// The event's id (a provisionOnDemand answer has only its change id).
    pub id: Option<&'s str>,
    /// When it happened.
    pub time: Option<Timestamp>,
    /// The outcome.
    pub status: Option<Status>,
    /// The error code (or skip reason).
    pub error_code: Option<&'s str>,
    /// The error's reason.
    pub reason: Option<&'s str>,
    /// The change id (an Azure Monitor record's `correlationId`).
    pub change_id: Option<&'s str>,
    /// The object's reportable identifier.
    pub reportable_id: Option<&'s str>,
    /// How long it took.
    pub duration_ms: Option<u64>,
}

/// A decoded record as an event, with what its wrapper states about it; `NotMine` when it
/// is no provisioning event.
pub(crate) fn event_from(record: Record<'_>, stated: &Stated<'_>, ctx: &mut Ctx<'_>) -> Imported {
    if !record.is_provisioning() {
        return Imported::NotMine;
    }
    match record.into_event(stated, ctx.strings, ctx.file, ctx.span) {
        Ok(event) => Imported::Events(vec![event]),
        Err(why) => Imported::Skip(why),
    }
}

/// Reads one record into an event.
pub(crate) fn read(bytes: &[u8], ctx: &mut Ctx<'_>) -> Result<Imported, serde_json::Error> {
    let record: Record<'_> = super::from_json(bytes)?;
    Ok(event_from(record, &Stated::default(), ctx))
}
