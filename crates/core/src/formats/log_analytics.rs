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
    let mut record: Map<String, Value> = super::from_json(bytes)?;
    let Some(tables) = record.remove("tables") else {
        if !record.contains_key("TimeGenerated") {
            return Ok(Imported::NotMine);
        }
        let row = Cells::new(record.iter().map(|(c, v)| (c.as_str(), v)));
        return Ok(read_row(&row, ctx));
    };
    let tables: Vec<Table> = serde_json::from_value(tables)?;
    let mut rows = Vec::new();
    for table in tables {
        let names: Vec<String> = table.columns.into_iter().map(|c| c.name).collect();
        for cells in &table.rows {
            // The column names lent to each row, not copied into it.
            let row = Cells::new(names.iter().map(String::as_str).zip(cells));
            rows.push(read_row(&row, ctx));
        }
    }
    Ok(Imported::Rows(rows))
}

/// A row's cells by column name, in the order of a JSON object's members as serde_json
/// keeps them: sorted by name, the last of a repeated name kept. Borrowed from the row.
pub(crate) struct Cells<'r>(Vec<(&'r str, &'r Value)>);

impl<'r> Cells<'r> {
    /// The cells, named.
    pub(crate) fn new(cells: impl Iterator<Item = (&'r str, &'r Value)>) -> Self {
        let mut cells: Vec<_> = cells.collect();
        // Later cells first, so a stable sort keeps a repeated name's last cell first.
        cells.reverse();
        cells.sort_by(|a, b| a.0.cmp(b.0));
        cells.dedup_by(|next, kept| next.0 == kept.0);
        Cells(cells)
    }

    fn get(&self, name: &str) -> Option<&'r Value> {
        self.0
            .binary_search_by(|(n, _)| (*n).cmp(name))
            .ok()
            .map(|i| self.0[i].1)
    }

    fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn iter(&self) -> impl Iterator<Item = (&'r str, &'r Value)> + '_ {
        self.0.iter().copied()
    }
}

/// Reads one row of either table, its cells by column name.
pub(crate) fn read_row(row: &Cells<'_>, ctx: &mut Ctx<'_>) -> Imported {
    let table = text(row.get("Type")).unwrap_or_default();
    let provisioning = table.eq_ignore_ascii_case("AADProvisioningLogs")
        || ["ProvisioningSteps", "JobId", "ChangeId"]
            .iter()
            .any(|c| row.contains_key(c));
    if provisioning {
        // The Graph record's aliases read the PascalCase columns as they are.
        let json = |check| record_text(row.iter(), &PROVISIONING_JSON, check);
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
        let fast = json(Check::Shape);
        let careful;
        let parsed = match serde_json::from_str(&fast) {
            Ok(record) => Ok(record),
            Err(_) => {
                careful = json(Check::Parse);
                serde_json::from_str(&careful)
            }
        };
        return match parsed {
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
            .filter_map(|(column, name)| Some((*name, row.get(column)?)))
            .collect();
        if text(row.get("ActivityDateTime")).is_none() {
            cells.retain(|(name, _)| *name != "activityDateTime");
            cells.extend(row.get("TimeGenerated").map(|t| ("activityDateTime", t)));
        }
        let fast = record_text(cells.iter().copied(), &AUDIT_JSON, Check::Shape);
        let careful;
        let parsed = match serde_json::from_str::<graph_audit::Record<'_>>(&fast) {
            Ok(record) => Ok(record),
            Err(_) => {
                careful = record_text(cells.into_iter(), &AUDIT_JSON, Check::Parse);
                serde_json::from_str(&careful)
            }
        };
        return match parsed {
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

/// How a nested cell's JSON text is checked before it goes into a record's text.
#[derive(Clone, Copy)]
enum Check {
    /// Its brackets only: one object or array, closed at its end and not before, so it
    /// cannot end the record's member early whatever it holds (see [`one_value`]). If the
    /// record then does not parse, it is made again with [`Check::Parse`].
    Shape,
    /// Parsed on its own, and left out if it is not JSON (the record keeps its other cells).
    Parse,
}

/// True when `s` (blanks aside) is one JSON object or array whose first bracket closes at
/// its last byte: brackets outside strings balance and never close it earlier. Whether its
/// content is valid JSON is left to the parse of the record it goes into.
fn one_value(s: &str) -> bool {
    let b = s.trim().as_bytes();
    if !matches!(b.first(), Some(b'{' | b'[')) {
        return false;
    }
    let mut depth = 0u32;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                // To the string's closing quote, a quote or backslash at a time.
                loop {
                    let Some(n) = memchr::memchr2(b'"', b'\\', &b[i + 1..]) else {
                        return false;
                    };
                    i += 1 + n;
                    if b[i] == b'"' {
                        break;
                    }
                    i += 1;
                }
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1 == b.len();
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The JSON text of a Graph record made of `cells` (name → value). The JSON text of the
/// `nested` columns goes in as it is, so their members keep the file's order (a parsed
/// `Value` would sort them); a nested cell that holds no JSON object or array (an empty
/// string, `SourceSystem`'s agent type) is left out, as the record cannot use it. Parsing
/// every nested cell on its own first took a third of the row's time: it is done only when
/// the record made with [`Check::Shape`] does not parse.
fn record_text<'r>(
    cells: impl Iterator<Item = (&'r str, &'r Value)>,
    nested: &[&str],
    check: Check,
) -> String {
    // Written straight into one buffer: a string per name and value (`to_string`) was
    // most of the time a row took.
    let mut out = Vec::with_capacity(4096);
    out.push(b'{');
    for (name, cell) in cells {
        let nested_text = if !nested.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            None
        } else {
            match cell {
                Value::String(s)
                    if match check {
                        Check::Shape => one_value(s),
                        Check::Parse => {
                            s.trim_start().starts_with(['{', '['])
                                && serde_json::from_str::<IgnoredAny>(s).is_ok()
                        }
                    } =>
                {
                    Some(s.as_str())
                }
                Value::Object(_) | Value::Array(_) => None,
                _ => continue,
            }
        };
        if out.len() > 1 {
            out.push(b',');
        }
        write_name(&mut out, name);
        out.push(b':');
        match nested_text {
            Some(text) => out.extend_from_slice(text.as_bytes()),
            None => write_json(&mut out, cell),
        }
    }
    out.push(b'}');
    // Every piece is UTF-8: the cells' own text and serde_json's.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends a column name as a JSON string: as it is when it needs no escape (they never do).
fn write_name(out: &mut Vec<u8>, name: &str) {
    if name.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.push(b'"');
    } else {
        write_json(out, name);
    }
}

/// Appends `value` as JSON.
fn write_json(out: &mut Vec<u8>, value: &(impl serde::Serialize + ?Sized)) {
    if serde_json::to_writer(&mut *out, value).is_err() {
        // Writing JSON into memory does not fail; were it to, the cell reads as null.
        out.extend_from_slice(b"null");
    }
}

#[cfg(test)]
mod tests {
    use super::{one_value, Cells};
    use crate::load::FileLoader;
    use serde_json::Value;

    #[test]
    fn cells_are_found_by_name_and_a_repeated_name_keeps_its_last_cell() {
        let values: Vec<Value> = (0..4).map(Value::from).collect();
        let named = ["Type", "Id", "Type", "JobId"].into_iter().zip(&values);
        let cells = Cells::new(named);
        assert_eq!(cells.get("Type"), Some(&values[2]));
        assert_eq!(cells.get("Id"), Some(&values[1]));
        assert!(cells.contains_key("JobId"));
        assert!(
            !cells.contains_key("type"),
            "names are exact, as an object's keys"
        );
        let names: Vec<&str> = cells.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Id", "JobId", "Type"], "sorted, each once");
    }
    use crate::Event;

    #[test]
    fn one_value_is_one_bracketed_value_closed_at_its_end() {
        for yes in [
            "{}",
            " [1, 2] ",
            r#"{"a": "}"}"#,
            r#"{"a": "\"}"}"#,
            r#"[{"a": [{}]}, "]"]"#,
            r#"{"a": nope}"#,
        ] {
            assert!(one_value(yes), "{yes}");
        }
        for no in [
            "",
            r#""text""#,
            r#"{"a": 1}}"#,
            r#"{"a": 1}, {"b": 2}"#,
            r#"[1], "Id": "forged""#,
            r#"{"a": "unclosed}"#,
            r#"{"a": 1"#,
            "Azure",
        ] {
            assert!(!one_value(no), "{no}");
        }
    }

    /// The events of one exported row, whose `ProvisioningSteps` cell holds `steps`.
    fn row_with_steps(steps: &str) -> Vec<Event> {
        let row = serde_json::json!([{
            "TimeGenerated": "2026-10-01T06:00:03Z",
            "Type": "AADProvisioningLogs",
            "Id": "real-id",
            "JobId": "job",
            "ChangeId": "change",
            "ResultType": "Success",
            "ProvisioningAction": "create",
            "ProvisioningSteps": steps,
            "ModifiedProperties": r#"[{"displayName": "department", "oldValue": null, "newValue": "Legal"}]"#,
        }]);
        let mut loader = FileLoader::new("rows.json", 0);
        loader.push(row.to_string().as_bytes());
        let loaded = loader.finish();
        assert_eq!(loaded.report.skipped, 0, "{:?}", loaded.report.errors);
        loaded.events
    }

    #[test]
    fn nested_cells_go_into_the_record_as_they_are_and_a_broken_one_is_left_out() {
        let events = row_with_steps(r#"[{"name": "EntryExportAdd", "status": "success"}]"#);
        assert_eq!(events[0].steps.len(), 1);
        assert_eq!(&*events[0].steps[0].name, "EntryExportAdd");
        // Balanced but not JSON: the record is made again without it; the rest stays.
        let events = row_with_steps(r#"[{"name": nope}]"#);
        assert!(events[0].steps.is_empty());
        assert_eq!(events[0].modified.len(), 1);
        assert_eq!(&*events[0].id, "real-id");
    }

    #[test]
    fn a_nested_cell_cannot_reach_the_record_s_other_members() {
        let events = row_with_steps(r#"[], "Id": "forged", "x": ["#);
        assert_eq!(&*events[0].id, "real-id");
        assert!(events[0].steps.is_empty());
        let events = row_with_steps(r#"[]}, {"Id": "forged"#);
        assert_eq!(events.len(), 1);
        assert_eq!(&*events[0].id, "real-id");
    }
}
