//! Log Analytics `AADProvisioningLogs` rows (FORMATS.md §7): what `az monitor log-analytics
//! query` prints (a JSON array of row objects, every value a string, indented), or the query
//! API's answer `{"tables": [{"name": "PrimaryResult", "columns": [...], "rows": [[...]]}]}`
//! (minified, numbers as numbers). Nested columns (`ProvisioningSteps`, `SourceIdentity`, …)
//! hold the provisioningObjectSummary's parts as JSON text.

use super::event::{Event, Part, Spelling, Status};
use super::json::Json;
use super::random::stable_guid;
use super::tenant::Tenant;

/// The table's columns, in the order Log Analytics returns them, with their types.
const COLUMNS: [(&str, &str); 28] = [
    ("TenantId", "string"),
    ("AADTenantId", "string"),
    ("TimeGenerated", "datetime"),
    ("OperationName", "string"),
    ("OperationVersion", "string"),
    ("Category", "string"),
    ("ResultType", "string"),
    ("ResultSignature", "string"),
    ("ResultDescription", "string"),
    ("DurationMs", "long"),
    ("CorrelationId", "string"),
    ("Action", "string"),
    ("ChangeId", "string"),
    ("CycleId", "string"),
    ("Id", "string"),
    ("InitiatedBy", "string"),
    ("JobId", "string"),
    ("ModifiedProperties", "string"),
    ("ProvisioningSteps", "string"),
    ("ServicePrincipal", "string"),
    ("SourceIdentity", "string"),
    ("SourceSystem", "string"),
    ("StatusInfo", "string"),
    ("TargetIdentity", "string"),
    ("TargetSystem", "string"),
    ("ProvisioningAction", "string"),
    ("ProvisioningStatusInfo", "string"),
    ("Type", "string"),
];

/// The `{"tables": …}` answer up to its first row.
pub(super) fn open_tables(json: &mut Json) {
    json.open('{');
    json.key("tables");
    json.open('[');
    json.open('{');
    json.field("name", "PrimaryResult");
    json.key("columns");
    json.open('[');
    for (name, kind) in COLUMNS {
        json.open('{');
        json.field("name", name);
        json.field("type", kind);
        json.close('}');
    }
    json.close(']');
    json.key("rows");
    json.open('[');
}

/// Closes what [`open_tables`] opened.
pub(super) fn close_tables(json: &mut Json) {
    json.close(']');
    json.close('}');
    json.close(']');
    json.close('}');
}

/// One cell of a row.
enum Cell {
    Text(String),
    Long(u64),
}

/// The row's cells, in [`COLUMNS`] order.
fn cells(event: &Event, tenant: &Tenant) -> [Cell; 28] {
    let app = &tenant.apps[event.app];
    let part = |part| {
        let mut json = Json::new(false);
        event.write_part(&mut json, tenant, Spelling::Analytics, part);
        Cell::Text(json.buf)
    };
    let text = |s: &str| Cell::Text(s.to_string());
    let failed = event.status == Status::Failure;
    [
        // The workspace's id, not the directory's.
        Cell::Text(stable_guid(&[tenant.seed(), 13])),
        text(&tenant.id),
        Cell::Text(event.precise_time("Z")),
        text("Provisioning activity"),
        text("1.0"),
        text("ProvisioningLogs"),
        text(event.status.word()),
        text(event.failure.map_or("None", |f| f.code())),
        Cell::Text(if failed {
            event.failure_reason(app)
        } else {
            String::new()
        }),
        Cell::Long(event.duration),
        text(&event.change_id),
        text(""),
        text(&event.change_id),
        text(&event.cycle_id),
        text(&event.id),
        part(Part::InitiatedBy),
        text(&app.job_id),
        part(Part::ModifiedProperties),
        part(Part::Steps),
        part(Part::ServicePrincipal),
        part(Part::SourceIdentity),
        part(Part::SourceSystem),
        text(""),
        part(Part::TargetIdentity),
        part(Part::TargetSystem),
        text(event.action()),
        part(Part::StatusInfo),
        text("AADProvisioningLogs"),
    ]
}

/// Writes the event as `az` prints a row: an object of strings, and the table's name.
pub(super) fn write_row(json: &mut Json, event: &Event, tenant: &Tenant) {
    json.open('{');
    for ((name, _), cell) in COLUMNS.iter().zip(cells(event, tenant)) {
        match cell {
            Cell::Text(s) => json.field(name, &s),
            Cell::Long(n) => json.field(name, &n.to_string()),
        }
    }
    json.field("TableName", "PrimaryResult");
    json.close('}');
}

/// Writes the event as a row of the query API's table: an array of cells.
pub(super) fn write_table_row(json: &mut Json, event: &Event, tenant: &Tenant) {
    json.open('[');
    for cell in cells(event, tenant) {
        match cell {
            Cell::Text(s) => json.str(&s),
            Cell::Long(n) => json.number(n),
        }
    }
    json.close(']');
}
