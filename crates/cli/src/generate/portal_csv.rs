//! The portal's provisioning-log "Download → CSV" (FORMATS.md §2): three files joined by the
//! change id — `ProvisioningLogs.csv` (one row per event, without steps and modified
//! properties), `ProvisioningLogs_ProvisioningSteps.csv` (one row per step, its details as
//! `key: value` lines) and `ProvisioningLogs_ModifiedProperties.csv` (one row per attribute).
//! UTF-8 with a BOM and CRLF, like the audit download.
//!
//! The portal's real headers are not published; these are the portal's column words as the
//! core's header table (`crates/core/src/formats/csv.rs`) reads them, in the order of its
//! fixtures (`crates/core/tests/fixtures/provisioning-csv/`): times with 7 digits and `Z`,
//! step types and statuses capitalised.

use super::csv::Csv;
use super::event::{Event, Status};
use super::random::rfc3339_ticks;
use super::tenant::Tenant;

/// The three files' names after the `--out` prefix, in the order [`write_event`] fills them.
pub(super) const FILES: [&str; 3] = [
    "ProvisioningLogs.csv",
    "ProvisioningLogs_ProvisioningSteps.csv",
    "ProvisioningLogs_ModifiedProperties.csv",
];

const EVENT_HEADER: [&str; 22] = [
    "Date",
    "Identity",
    "Action",
    "Source System",
    "Target System",
    "Status",
    "Status Reason",
    "Error Code",
    "Recommended Action",
    "Job ID",
    "Cycle ID",
    "Change ID",
    "Source Identity ID",
    "Source Identity Name",
    "Source Identity Type",
    "Target Identity ID",
    "Target Identity Name",
    "Target Identity Type",
    "Service Principal ID",
    "Service Principal Name",
    "Initiated By",
    "Duration (ms)",
];
const STEP_HEADER: [&str; 6] = [
    "Change ID",
    "Step Name",
    "Type",
    "Status",
    "Description",
    "Details",
];
const PROPERTY_HEADER: [&str; 4] = ["Change ID", "Property", "Old Value", "New Value"];

/// The three files' first bytes: a BOM and the header row of each.
pub(super) fn headers(csv: &mut [Csv; 3]) {
    let headers: [&[&str]; 3] = [&EVENT_HEADER, &STEP_HEADER, &PROPERTY_HEADER];
    for (csv, header) in csv.iter_mut().zip(headers) {
        csv.buf.push('\u{feff}');
        csv.row(header);
    }
}

/// Writes one event: its row, its steps' rows and its modified properties' rows.
pub(super) fn write_event(csv: &mut [Csv; 3], event: &Event, tenant: &Tenant) {
    let app = &tenant.apps[event.app];
    let p = &event.person;
    let [events, steps, properties] = csv;
    let failure = event.failure;
    let reason = match event.status {
        Status::Failure => event.failure_reason(app),
        _ => String::new(),
    };
    let target_id = if event.in_app() {
        event.target_id.as_str()
    } else {
        ""
    };
    events.row(&[
        rfc3339_ticks(event.secs, 0, "Z").as_str(),
        &p.display_name,
        event.plan.action.word(),
        "Azure Active Directory",
        app.name,
        event.status.word(),
        &reason,
        failure.map_or("", |f| f.code()),
        "",
        &app.job_id,
        &event.cycle_id,
        &event.change_id,
        &p.object_id,
        &p.display_name,
        "User",
        target_id,
        "",
        app.target_type,
        &app.service_principal_id,
        app.name,
        "Azure AD Provisioning Service",
        &event.duration.to_string(),
    ]);
    for step in event.steps(app) {
        let details: Vec<String> = step
            .details
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        steps.row(&[
            event.change_id.as_str(),
            step.name,
            &capitalised(step.kind),
            &capitalised(step.status),
            &step.description,
            &details.join("\n"),
        ]);
    }
    for (name, old, new) in event.modified_properties() {
        properties.row(&[&event.change_id, name, old.unwrap_or(""), new]);
    }
}

/// `import` → `Import`, as the portal shows enum values.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}
