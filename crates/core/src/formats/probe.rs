//! Tells what a JSON record is from the keys it carries, in any casing: a provisioning
//! event, a directory audit event, an Azure Monitor record, a synchronization job, a
//! provisionOnDemand response, a Log Analytics query result, or another log altogether.
//!
//! The loader probes the first record of a file and then reads the rest with the same
//! importer; a record the importer does not recognise is probed again.

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::value::Loose;

/// What a JSON record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RecordKind {
    /// A provisioningObjectSummary.
    Provisioning,
    /// A directoryAudit.
    Audit,
    /// An Azure Monitor diagnostic-settings record (`category` + `properties`).
    AzureMonitor,
    /// A synchronizationJob (`templateId` + `status`).
    SyncJob,
    /// A provisionOnDemand response (`key` and `value` holding JSON text).
    OnDemand,
    /// A Log Analytics query result (`tables[].columns/rows`) or exported row
    /// (`TimeGenerated` + PascalCase columns).
    LogAnalytics,
    /// An error answer from Graph (`{"error": {"code", "message"}}`), saved instead of a
    /// page of logs.
    GraphError,
    /// Something else, described for the admin.
    Other(&'static str),
}

#[derive(Deserialize, Default)]
struct Keys {
    #[serde(default, alias = "ProvisioningSteps")]
    #[serde(rename = "provisioningSteps")]
    provisioning_steps: Option<IgnoredAny>,
    #[serde(
        default,
        rename = "provisioningStatusInfo",
        alias = "ProvisioningStatusInfo"
    )]
    provisioning_status_info: Option<IgnoredAny>,
    #[serde(default, rename = "provisioningAction", alias = "ProvisioningAction")]
    provisioning_action: Option<IgnoredAny>,
    #[serde(default, rename = "jobId", alias = "JobId")]
    job_id: Option<IgnoredAny>,
    #[serde(default, rename = "changeId", alias = "ChangeId")]
    change_id: Option<IgnoredAny>,
    #[serde(default, rename = "activityDisplayName", alias = "ActivityDisplayName")]
    activity_display_name: Option<IgnoredAny>,
    #[serde(default, rename = "templateId", alias = "TemplateId")]
    template_id: Option<IgnoredAny>,
    #[serde(default, rename = "category", alias = "Category")]
    category: Option<IgnoredAny>,
    #[serde(default, rename = "properties", alias = "Properties")]
    properties: Option<IgnoredAny>,
    #[serde(default)]
    key: Option<IgnoredAny>,
    #[serde(default)]
    value: Option<IgnoredAny>,
    #[serde(default)]
    tables: Option<IgnoredAny>,
    #[serde(default, rename = "TimeGenerated")]
    time_generated: Option<IgnoredAny>,
    #[serde(
        default,
        rename = "conditionalAccessStatus",
        alias = "ConditionalAccessStatus"
    )]
    conditional_access_status: Option<IgnoredAny>,
    #[serde(default, rename = "appDisplayName", alias = "AppDisplayName")]
    app_display_name: Option<IgnoredAny>,
    #[serde(default)]
    error: Option<IgnoredAny>,
}

/// Reads just enough of a record to tell what it is; `Err` when it is not valid JSON.
pub(crate) fn probe(bytes: &[u8]) -> Result<RecordKind, serde_json::Error> {
    let k: Keys = serde_json::from_slice(bytes)?;
    Ok(if k.tables.is_some() || k.time_generated.is_some() {
        RecordKind::LogAnalytics
    } else if k.category.is_some() && k.properties.is_some() {
        RecordKind::AzureMonitor
    } else if k.provisioning_steps.is_some()
        || k.provisioning_status_info.is_some()
        || k.provisioning_action.is_some()
        || (k.job_id.is_some() && k.change_id.is_some())
    {
        RecordKind::Provisioning
    } else if k.activity_display_name.is_some() {
        RecordKind::Audit
    } else if k.template_id.is_some() {
        RecordKind::SyncJob
    } else if k.key.is_some() && k.value.is_some() {
        RecordKind::OnDemand
    } else if k.error.is_some() {
        RecordKind::GraphError
    } else if k.conditional_access_status.is_some() || k.app_display_name.is_some() {
        RecordKind::Other("a sign-in event (sign-in log), not a provisioning or audit event")
    } else {
        RecordKind::Other("not a provisioning log record (no provisioningSteps, activityDisplayName, jobId or changeId)")
    })
}

/// What an error answer from Graph says, for the admin.
pub(crate) fn graph_error(bytes: &[u8]) -> String {
    #[derive(Deserialize, Default)]
    struct Answer<'a> {
        #[serde(borrow, default)]
        error: Body<'a>,
    }
    #[derive(Deserialize, Default)]
    struct Body<'a> {
        #[serde(borrow, default)]
        code: Loose<'a>,
        #[serde(borrow, default)]
        message: Loose<'a>,
    }
    let answer: Answer<'_> = serde_json::from_slice(bytes).unwrap_or_default();
    let said: String = [answer.error.code.get(), answer.error.message.get()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(": ")
        .chars()
        .take(300)
        .collect();
    format!(
        "this is an error answer from Graph ({}), not log records: the request that saved it \
         failed; fix what it says (often a missing permission, such as AuditLog.Read.All) and \
         save the answer again",
        if said.is_empty() {
            "no reason given"
        } else {
            &said
        }
    )
}
