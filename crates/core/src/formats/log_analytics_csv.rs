//! Log Analytics exports as CSV (the portal's "Export → CSV" of a query over
//! `AADProvisioningLogs` or `AuditLogs`): a header of the tables' column names, dates marked
//! `TimeGenerated [UTC]`, and the nested columns (`ProvisioningSteps`, `SourceIdentity`,
//! `TargetResources`, …) as JSON text. Each row is the same row as in a JSON export and is
//! read by the same row importer, [`log_analytics::read_row`], under its column names;
//! rows of other tables are set aside there.

use serde_json::Value;

use super::csv::{Header, Row};
use super::{log_analytics, Ctx, Imported};

/// Reads one row under its header.
pub(crate) fn read(header: &Header, row: &Row<'_>, ctx: &mut Ctx<'_>) -> Imported {
    let values: Vec<(&str, Value)> = header
        .named(row)
        .map(|(name, cell)| (name, Value::from(cell)))
        .collect();
    let cells = log_analytics::Cells::new(values.iter().map(|(name, value)| (*name, value)));
    log_analytics::read_row(&cells, ctx)
}
