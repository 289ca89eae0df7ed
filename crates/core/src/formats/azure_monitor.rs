//! Azure Monitor diagnostic-settings records: an Event Hub body `{"records": [...]}` (split
//! by the splitter) or a storage account's hourly `PT1H.json` (JSON lines). Each record is an
//! envelope `{time, resourceId, operationName, category, correlationId, durationMs,
//! resultType, properties{…}}`:
//!
//! - `ProvisioningLogs`: `properties` is a provisioningObjectSummary with PascalCase
//!   `Id`/`Name` in its parties, integer step types and statuses, `Status` capitalised, both
//!   `action` and `provisioningAction` — read by the provisioning importer;
//! - `AuditLogs`: `properties` is a directoryAudit — read by the audit importer;
//! - any other category (`SignInLogs`, …) is set aside.
//!
//! The envelope fills in what `properties` leaves out: the id (`identity`), the time (`time`,
//! 7-digit fractions or US-locale `M/d/yyyy h:mm:ss a`), outcome, error code, change id
//! (`correlationId`) and duration.

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::graph_provisioning::{self, Stated};
use super::value::Loose;
use super::{graph_audit, Ctx, Imported};
use crate::event::Status;
use crate::time::Timestamp;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a> {
    #[serde(borrow, default, alias = "Category")]
    category: Loose<'a>,
    #[serde(borrow, default, alias = "Time")]
    time: Loose<'a>,
    #[serde(borrow, default, alias = "CorrelationId")]
    correlation_id: Loose<'a>,
    // The event's id in ProvisioningLogs records (the initiator's name in AuditLogs ones).
    #[serde(borrow, default, alias = "Identity")]
    identity: Loose<'a>,
    #[serde(borrow, default, alias = "DurationMs")]
    duration_ms: Loose<'a>,
    #[serde(borrow, default, alias = "ResultType")]
    result_type: Loose<'a>,
    #[serde(borrow, default, alias = "ResultSignature")]
    result_signature: Loose<'a>,
    #[serde(borrow, default, alias = "ResultDescription")]
    result_description: Loose<'a>,
    // Skipped here and read again once the category says what it holds.
    #[serde(default, alias = "Properties")]
    properties: Option<IgnoredAny>,
}

/// The record again, with `properties` read as the category's record.
#[derive(Deserialize)]
struct Properties<T> {
    #[serde(alias = "Properties")]
    properties: T,
}

/// Reads one diagnostic record.
pub(crate) fn read(bytes: &[u8], ctx: &mut Ctx<'_>) -> Result<Imported, serde_json::Error> {
    let envelope: Envelope<'_> = super::from_json(bytes)?;
    let (Some(category), Some(_)) = (envelope.category.get(), envelope.properties) else {
        return Ok(Imported::NotMine);
    };
    let category = category.trim();
    if category.eq_ignore_ascii_case("ProvisioningLogs") {
        let inner: Properties<graph_provisioning::Record<'_>> = super::from_json(bytes)?;
        let stated = Stated {
            id: envelope.identity.get(),
            time: envelope.time.get().and_then(Timestamp::parse),
            status: envelope.result_type.get().and_then(Status::parse),
            error_code: envelope
                .result_signature
                .get()
                .filter(|s| !s.trim().eq_ignore_ascii_case("none")),
            reason: envelope.result_description.get(),
            change_id: envelope.correlation_id.get(),
            duration_ms: envelope
                .duration_ms
                .get()
                .and_then(|d| d.trim().parse().ok()),
            ..Stated::default()
        };
        return Ok(
            match graph_provisioning::event_from(inner.properties, &stated, ctx) {
                Imported::NotMine => Imported::Skip(
                    "this ProvisioningLogs record's properties are not a provisioning event"
                        .to_string(),
                ),
                imported => imported,
            },
        );
    }
    if category.eq_ignore_ascii_case("AuditLogs") {
        let inner: Properties<graph_audit::Record<'_>> = super::from_json(bytes)?;
        let mut audit = inner.properties;
        if audit.activity_date_time.get().is_none() {
            audit.activity_date_time = envelope.time.clone();
        }
        if audit.activity_display_name.get().is_none() {
            return Ok(Imported::Skip(
                "this AuditLogs record's properties are not an audit event (no activityDisplayName)"
                    .to_string(),
            ));
        }
        return Ok(audit.import(ctx));
    }
    Ok(Imported::SetAside(format!(
        "an Azure Monitor {category} record, not provisioning: set aside"
    )))
}
