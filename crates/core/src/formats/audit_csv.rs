//! The portal's audit-log "Download → CSV" (`Date (UTC),CorrelationId,Service,Category,
//! Activity,Result,ResultReason,…,Target1Type,…,Target3ModifiedProperty5NewValue,
//! AdditionalDetail1Key,…`), in English or Spanish, and CSV copies of directoryAudit records
//! (PowerShell `Export-Csv`, Log Analytics `AuditLogs`): each row fills the same record as a
//! JSON audit event, so both read into the same [`Event`]s.
//!
//! The download has no id column; a row's id is made from its correlation id and a hash of
//! its cells, so the same row in two overlapping downloads is merged as a duplicate.
//!
//! [`Event`]: crate::event::Event

use std::borrow::Cow;

use super::csv::{Column, Header, Row};
use super::graph_audit::{Modified, Record, Target};
use super::value::{Details, Loose, Objects};
use super::{Ctx, Imported};

/// Reads one row under its header into an event.
pub(crate) fn read(header: &Header, row: &Row<'_>, ctx: &mut Ctx<'_>) -> Imported {
    let borrowed = |v| Loose(Some(Cow::Borrowed(v)));
    let mut record = Record::default();
    // Numbered columns, gathered by number: (target, its properties by number), details.
    type Numbered<T> = Vec<(u8, T)>;
    let mut targets: Numbered<(Target<'_>, Numbered<Modified<'_>>)> = Vec::new();
    let mut details: Numbered<(Option<&str>, Option<&str>)> = Vec::new();
    let mut json_targets = None;
    let mut json_details = None;
    for (column, value) in header.cells(row) {
        match column {
            Column::Id => record.id = borrowed(value),
            Column::Date => record.activity_date_time = borrowed(value),
            Column::CorrelationId => record.correlation_id = borrowed(value),
            Column::Service => record.logged_by_service = borrowed(value),
            Column::Category => record.category = borrowed(value),
            Column::Activity => record.activity_display_name = borrowed(value),
            Column::Result => record.result = borrowed(value),
            Column::ResultReason => record.result_reason = borrowed(value),
            Column::TargetType(n) => slot(&mut targets, n).0.kind = borrowed(value),
            Column::TargetDisplayName(n) => slot(&mut targets, n).0.display_name = borrowed(value),
            Column::TargetId(n) => slot(&mut targets, n).0.id = borrowed(value),
            Column::TargetUpn(n) => slot(&mut targets, n).0.user_principal_name = borrowed(value),
            Column::PropertyName(n, m) => {
                slot(&mut slot(&mut targets, n).1, m).display_name = borrowed(value)
            }
            Column::PropertyOld(n, m) => {
                slot(&mut slot(&mut targets, n).1, m).old_value = borrowed(value)
            }
            Column::PropertyNew(n, m) => {
                slot(&mut slot(&mut targets, n).1, m).new_value = borrowed(value)
            }
            Column::DetailKey(n) => slot(&mut details, n).0 = Some(value),
            Column::DetailValue(n) => slot(&mut details, n).1 = Some(value),
            Column::TargetResourcesJson => json_targets = Some(value),
            Column::AdditionalDetailsJson => json_details = Some(value),
            // Columns of the provisioning-log download and Log Analytics exports.
            _ => {}
        }
    }
    if record.id.get().is_none() {
        let made = format!(
            "{}_{:016x}",
            record.correlation_id.get().unwrap_or("row"),
            fnv1a(row.fields())
        );
        record.id = Loose(Some(Cow::Owned(made)));
    }
    targets.sort_by_key(|t| t.0);
    record.target_resources = Objects(
        targets
            .into_iter()
            .map(|(_, (mut t, mut props))| {
                props.sort_by_key(|p| p.0);
                t.modified_properties = Objects(props.into_iter().map(|p| p.1).collect());
                t
            })
            .collect(),
    );
    details.sort_by_key(|d| d.0);
    record.additional_details = Details(
        details
            .into_iter()
            .filter_map(|(_, (k, v))| Some((Cow::Borrowed(k?), Loose(v.map(Cow::Borrowed)))))
            .collect(),
    );
    // Nested columns written as JSON text; anything else there (type names) is ignored.
    if record.target_resources.0.is_empty() {
        if let Some(Ok(t)) = json_targets.map(serde_json::from_str::<Objects<Target<'_>>>) {
            record.target_resources = t;
        }
    }
    if record.additional_details.0.is_empty() {
        if let Some(Ok(d)) = json_details.map(serde_json::from_str::<Details<'_>>) {
            record.additional_details = d;
        }
    }
    record.import(ctx)
}

/// The entry numbered `n`, made on first use.
fn slot<T: Default>(entries: &mut Vec<(u8, T)>, n: u8) -> &mut T {
    let at = match entries.iter().position(|e| e.0 == n) {
        Some(at) => at,
        None => {
            entries.push((n, T::default()));
            entries.len() - 1
        }
    };
    &mut entries[at].1
}

/// FNV-1a over the cells, with a separator between them: stable across runs and platforms.
fn fnv1a<'a>(cells: impl Iterator<Item = &'a str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for cell in cells {
        for &b in cell.as_bytes().iter().chain(&[0x1f]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
