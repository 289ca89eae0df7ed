//! The filtered events written out for an admin to keep or share: CSV (one row per event,
//! the grid's columns and every identifier, safe to open in Excel) and JSON (the whole
//! model of each event).

use std::fmt::Write as _;

use crate::event::Event;
use crate::log::Log;

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 18] = [
    "Date (UTC)",
    "Identity",
    "Source ID",
    "Target ID",
    "UPN",
    "Activity",
    "Status",
    "Error code",
    "Reason",
    "Recommended action",
    "Source system",
    "Target system",
    "App",
    "Job ID",
    "Cycle ID",
    "Change ID",
    "Duration (ms)",
    "Event ID",
];

/// `rows` of the log as CSV: a UTF-8 BOM (so Excel reads accents right), a header, CRLF
/// line ends.
pub fn csv(log: &Log, rows: &[u32]) -> String {
    let mut out = String::from("\u{FEFF}");
    line(&mut out, CSV_COLUMNS.iter().copied());
    for &i in rows {
        let e: &Event = &log.events[i as usize];
        let time = e.time.map(|t| t.to_string()).unwrap_or_default();
        let opt = |t: &Option<crate::event::Text>| t.as_deref().unwrap_or("").to_string();
        let duration = e.duration_ms.map(|d| d.to_string()).unwrap_or_default();
        let cells = [
            time,
            e.identity_label().to_string(),
            opt(&e.source.id),
            opt(&e.target.id),
            e.source
                .upn
                .as_deref()
                .or(e.target.upn.as_deref())
                .unwrap_or("")
                .to_string(),
            e.activity.to_string(),
            e.status.label().to_string(),
            opt(&e.error_code),
            opt(&e.reason),
            opt(&e.recommended_action),
            opt(&e.source_system),
            opt(&e.target_system),
            opt(&e.app),
            opt(&e.job_id),
            opt(&e.cycle_id),
            opt(&e.change_id),
            duration,
            e.id.to_string(),
        ];
        line(&mut out, cells.iter().map(String::as_str));
    }
    out
}

/// `rows` of the log as a JSON array of events (the full model, pretty-printed).
pub fn json(log: &Log, rows: &[u32]) -> String {
    let events: Vec<&Event> = rows.iter().map(|&i| &log.events[i as usize]).collect();
    serde_json::to_string_pretty(&events).unwrap_or_else(|_| "[]".to_string())
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (n, cell) in cells.enumerate() {
        if n > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", quote(cell));
    }
    out.push_str("\r\n");
}

/// One CSV cell: quoted when it holds a comma, quote or line break; and a cell that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is kept as text with a
/// leading apostrophe, since names and reasons come from whoever named the account.
fn quote(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Log {
        let mut log = Log::new();
        let mut loader = log.loader("page.json");
        loader.push(include_bytes!(
            "../tests/fixtures/provisioning/overlap-page1.json"
        ));
        log.add(loader.finish());
        log
    }

    #[test]
    fn csv_has_a_header_a_row_per_event_and_quotes_what_needs_it() {
        let log = log();
        let text = csv(&log, &[1, 0]);
        assert!(text.starts_with("\u{FEFF}Date (UTC),Identity,"));
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[1].starts_with("2019-06-24T20:53:08Z,Self-service Pilot,"),
            "{}",
            lines[1]
        );
        // The reason holds commas: quoted.
        assert!(
            lines[1].contains(",\"Message: Contoso returned an error response"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn formulas_stay_text() {
        assert_eq!(quote("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quote("-1"), "'-1");
        assert_eq!(quote("plain"), "plain");
    }

    #[test]
    fn json_is_the_events_in_row_order() {
        let log = log();
        let v: serde_json::Value = serde_json::from_str(&json(&log, &[1])).expect("JSON");
        assert_eq!(v.as_array().map(Vec::len), Some(1));
        assert_eq!(v[0]["id"], "gc532ff9-r265-ec76-861e-42e2970a8218");
        assert_eq!(v[0]["error_code"], "ContosoEntryConflict");
    }
}
