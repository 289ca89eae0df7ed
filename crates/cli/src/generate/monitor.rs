//! Azure Monitor diagnostic-settings records (FORMATS.md §6), the shape of an Event Hub body
//! `{"records": [...]}` and of a storage account's hourly `PT1H.json` (one record per line):
//! each provisioning event becomes a `ProvisioningLogs` record (its provisioningObjectSummary
//! spelled as Azure Monitor spells it: PascalCase `Id`/`Name`, integer step types and
//! statuses) followed by its audit events as `AuditLogs` records. Both categories share one
//! file here, as one Event Hub receives them; a storage account keeps them in two containers.

use super::audit::{Audit, AuditStyle};
use super::event::{Event, Spelling, Status};
use super::json::Json;
use super::tenant::Tenant;

/// `resourceId` of every Entra ID diagnostic record.
fn resource_id(tenant: &Tenant) -> String {
    format!("/tenants/{}/providers/Microsoft.aadiam", tenant.id)
}

/// Writes the `ProvisioningLogs` record of a provisioning event.
pub(super) fn write_provisioning(json: &mut Json, event: &Event, tenant: &Tenant) {
    let app = &tenant.apps[event.app];
    json.open('{');
    json.field("time", &event.precise_time("Z"));
    json.field("resourceId", &resource_id(tenant));
    json.field("operationName", "Provisioning activity");
    json.field("operationVersion", "1.0");
    json.field("category", "ProvisioningLogs");
    json.field("tenantId", &tenant.id);
    json.field("resultType", event.status.word());
    json.field(
        "resultSignature",
        event.failure.map_or("None", |f| f.code()),
    );
    let reason = if event.status == Status::Failure {
        event.failure_reason(app)
    } else {
        String::new()
    };
    json.field("resultDescription", &reason);
    json.key("durationMs");
    json.number(event.duration);
    json.field("callerIpAddress", "");
    json.field("correlationId", &event.change_id);
    json.field("identity", &event.id);
    json.key("Level");
    json.number(4);
    json.field("location", "EU");
    json.key("properties");
    event.write(json, tenant, Spelling::Monitor);
    json.close('}');
}

/// Writes the `AuditLogs` record of an audit event.
pub(super) fn write_audit(json: &mut Json, audit: &Audit, event: &Event, tenant: &Tenant) {
    json.open('{');
    json.field("time", &audit.time("Z"));
    json.field("resourceId", &resource_id(tenant));
    json.field("operationName", audit.activity);
    json.field("operationVersion", "1.0");
    json.field("category", "AuditLogs");
    json.field("tenantId", &tenant.id);
    json.field("resultSignature", "None");
    json.key("durationMs");
    json.number(0);
    json.field("callerIpAddress", "");
    json.field("correlationId", &event.change_id);
    json.field("identity", "Azure AD Provisioning Service");
    json.field("level", "Informational");
    json.key("properties");
    audit.write(json, event, tenant, AuditStyle::Monitor);
    json.close('}');
}
