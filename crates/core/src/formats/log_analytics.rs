//! Log Analytics rows of the tables `AADProvisioningLogs` and `AuditLogs`, as JSON: an
//! exported array of rows (`az monitor log-analytics query`, one object per row with
//! PascalCase columns), or a query API result `{"tables": [{"name": "PrimaryResult",
//! "columns": [{"name", "type"}], "rows": [[…]]}]}`, which the splitter passes whole as one
//! record — so one such result is capped at the splitter's 64 MB — and whose rows are each
//! read as a record.
//!
//! Nested columns (`ProvisioningSteps`, `SourceIdentity`, `InitiatedBy`, `TargetResources`, …)
//! hold JSON *text*; each row is rewritten as the JSON of a Graph record, that text going in
//! as it is, and read by the provisioning or audit importer. The result columns (`ResultType`,
//! `ResultSignature` = error code, `ResultDescription`) fill in what the nested ones leave
//! out. `SourceSystem` is also Log Analytics' generic "type of agent" column: it is a system
//! only when it holds a JSON object.
//!
//! The CSV export of the same tables ([`super::log_analytics_csv`]) hands its rows, by
//! column name, to the same [`read_row`].

use std::borrow::Cow;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::graph_provisioning::{self, Stated};
use super::{graph_audit, Ctx, Imported};
use crate::event::Status;
use crate::time::Timestamp;

/// AADProvisioningLogs columns holding JSON text, all named as the Graph record's aliases.
const PROVISIONING_JSON: [&str; 10] = [
    "ProvisioningSteps",
    "ModifiedProperties",
    "SourceIdentity",
    "TargetIdentity",
    "SourceSystem",
    "TargetSystem",
    "ServicePrincipal",
    "InitiatedBy",
    "ProvisioningStatusInfo",
    "StatusInfo",
];

/// AuditLogs columns holding JSON text, by their directoryAudit names.
const AUDIT_JSON: [&str; 3] = ["additionalDetails", "initiatedBy", "targetResources"];

/// AuditLogs columns → the directoryAudit's names (the rest are Log Analytics' own).
const AUDIT_NAMES: [(&str, &str); 12] = [
    ("Id", "id"),
    ("Category", "category"),
    ("CorrelationId", "correlationId"),
    ("Result", "result"),
    ("ResultReason", "resultReason"),
    ("ActivityDisplayName", "activityDisplayName"),
    ("ActivityDateTime", "activityDateTime"),
    ("LoggedByService", "loggedByService"),
    ("AADOperationType", "operationType"),
    ("InitiatedBy", "initiatedBy"),
    ("TargetResources", "targetResources"),
    ("AdditionalDetails", "additionalDetails"),
];

/// One table of a query API result.
#[derive(Deserialize)]
struct Table {
    #[serde(default)]
    columns: Vec<Column>,
    #[serde(default)]
    rows: Vec<Vec<Value>>,
}

#[derive(Deserialize)]
struct Column {
    #[serde(alias = "columnName", alias = "ColumnName", alias = "Name")]
    name: String,
}

/// Reads one exported row, or every row of a query result.
pub(crate) fn read(bytes: &[u8], ctx: &mut Ctx<'_>) -> Result<Imported, serde_json::Error> {
    let mut record: Map<String, Value> = serde_json::from_slice(bytes)?;
    let Some(tables) = record.remove("tables") else {
        if !record.contains_key("TimeGenerated") {
            return Ok(Imported::NotMine);
        }
        return Ok(read_row(record, ctx));
    };
    let tables: Vec<Table> = serde_json::from_value(tables)?;
    let rows = tables
        .into_iter()
        .flat_map(|table| {
            let names: Vec<String> = table.columns.into_iter().map(|c| c.name).collect();
            table
                .rows
                .into_iter()
                .map(move |cells| names.iter().cloned().zip(cells).collect::<Map<_, _>>())
        })
        .map(|row| read_row(row, ctx))
        .collect();
    Ok(Imported::Rows(rows))
}

/// Reads one row of either table, its cells by column name.
pub(crate) fn read_row(row: Map<String, Value>, ctx: &mut Ctx<'_>) -> Imported {
    let table = text(row.get("Type")).unwrap_or_default();
    let provisioning = table.eq_ignore_ascii_case("AADProvisioningLogs")
        || ["ProvisioningSteps", "JobId", "ChangeId"]
            .iter()
            .any(|c| row.contains_key(*c));
    if provisioning {
        // The Graph record's aliases read the PascalCase columns as they are.
        let json = record_text(row.iter().map(|(c, v)| (c.as_str(), v)), &PROVISIONING_JSON);
        let stated = Stated {
            time: text(row.get("TimeGenerated")).and_then(Timestamp::parse),
            status: text(row.get("ResultType")).and_then(Status::parse),
            error_code: text(row.get("ResultSignature"))
                .filter(|s| !s.trim().eq_ignore_ascii_case("none")),
            reason: text(row.get("ResultDescription")),
            duration_ms: row
                .get("DurationMs")
                .and_then(|d| d.as_u64().or_else(|| d.as_str()?.trim().parse().ok())),
            ..Stated::default()
        };
        return match serde_json::from_str(&json) {
            Ok(record) => match graph_provisioning::event_from(record, &stated, ctx) {
                Imported::NotMine => Imported::Skip(
                    "this AADProvisioningLogs row holds no provisioning event".to_string(),
                ),
                imported => imported,
            },
            Err(e) => Imported::Skip(format!(
                "this AADProvisioningLogs row is not valid: {}",
                without_place(&e)
            )),
        };
    }
    if table.eq_ignore_ascii_case("AuditLogs") || row.contains_key("ActivityDisplayName") {
        let mut cells: Vec<(&str, &Value)> = AUDIT_NAMES
            .iter()
            .filter_map(|(column, name)| Some((*name, row.get(*column)?)))
            .collect();
        if text(row.get("ActivityDateTime")).is_none() {
            cells.retain(|(name, _)| *name != "activityDateTime");
            cells.extend(row.get("TimeGenerated").map(|t| ("activityDateTime", t)));
        }
        let json = record_text(cells.into_iter(), &AUDIT_JSON);
        return match serde_json::from_str::<graph_audit::Record<'_>>(&json) {
            Ok(record) => record.import(ctx),
            Err(e) => Imported::Skip(format!(
                "this AuditLogs row is not valid: {}",
                without_place(&e)
            )),
        };
    }
    if table.is_empty() {
        return Imported::Skip(
            "this Log Analytics row is neither an AADProvisioningLogs nor an AuditLogs row"
                .to_string(),
        );
    }
    Imported::SetAside(format!(
        "a Log Analytics {table} row, not provisioning: set aside"
    ))
}

/// serde_json's message without its place, which is in the rewritten row, not in the file.
fn without_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_string()
}

/// A cell as text, unless absent, `null`, blank or not a string.
fn text(cell: Option<&Value>) -> Option<&str> {
    cell.and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The JSON text of a Graph record made of `cells` (name → value). The JSON text of the
/// `nested` columns goes in as it is, so their members keep the file's order (a parsed
/// `Value` would sort them); a nested cell that holds no JSON object or array (an empty
/// string, `SourceSystem`'s agent type) is left out, as the record cannot use it.
fn record_text<'r>(cells: impl Iterator<Item = (&'r str, &'r Value)>, nested: &[&str]) -> String {
    let mut out = String::from("{");
    for (name, cell) in cells {
        let value = if !nested.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            Cow::Owned(cell.to_string())
        } else {
            match cell {
                Value::String(s)
                    if s.trim_start().starts_with(['{', '['])
                        && serde_json::from_str::<IgnoredAny>(s).is_ok() =>
                {
                    Cow::Borrowed(s.as_str())
                }
                Value::Object(_) | Value::Array(_) => Cow::Owned(cell.to_string()),
                _ => continue,
            }
        };
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&Value::from(name).to_string());
        out.push(':');
        out.push_str(&value);
    }
    out.push('}');
    out
}
