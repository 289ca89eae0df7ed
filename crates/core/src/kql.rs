//! "Copy as KQL": the current filter written as a Log Analytics query, so an admin can ask
//! the same question of the history a browser tab cannot hold. Two tables:
//! `AADProvisioningLogs` (provisioning events) and `AuditLogs` (the provisioning service's
//! audit events). Nested columns are JSON text there, hence the `parse_json` and `has`.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::event::Status;
use crate::query::Query;
use crate::text::is_hidden;

/// Which Log Analytics table to query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KqlTable {
    /// `AADProvisioningLogs`.
    Provisioning,
    /// `AuditLogs`, filtered to the Account Provisioning service.
    Audit,
}

/// A KQL string literal: double-quoted, with `\` and `"` escaped. KQL has no `\u` escape,
/// so a value holding hidden characters (see [`crate::text`]) becomes
/// `strcat("…", unicode_codepoints_to_string(8238), "…")`: the query shows them, and nothing
/// in it is reordered on screen.
fn literal(s: &str) -> String {
    if !s.chars().any(is_hidden) {
        return quoted(s);
    }
    let mut parts: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in s.chars() {
        if is_hidden(c) {
            if !run.is_empty() {
                parts.push(quoted(&std::mem::take(&mut run)));
            }
            parts.push(format!("unicode_codepoints_to_string({})", c as u32));
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        parts.push(quoted(&run));
    }
    format!("strcat({})", parts.join(", "))
}

/// `s` double-quoted, with `\`, `"` and line ends escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The query `q` (filters and search; the sort becomes `order by`) over `table`.
pub fn kql(q: &Query, table: KqlTable) -> String {
    let mut out = String::new();
    let time = match table {
        KqlTable::Provisioning => "TimeGenerated",
        KqlTable::Audit => "TimeGenerated",
    };
    match table {
        KqlTable::Provisioning => out.push_str("AADProvisioningLogs"),
        KqlTable::Audit => {
            out.push_str("AuditLogs\n| where LoggedByService == \"Account Provisioning\"")
        }
    }
    let mut clause = |text: String| {
        let _ = write!(out, "\n| where {text}");
    };
    match (q.from, q.to) {
        (Some(from), Some(to)) => clause(format!(
            "{time} >= datetime({from}) and {time} < datetime({to})"
        )),
        (Some(from), None) => clause(format!("{time} >= datetime({from})")),
        (None, Some(to)) => clause(format!("{time} < datetime({to})")),
        (None, None) => clause(format!("{time} > ago(30d)")),
    }
    let status_word = |s: Status| match table {
        KqlTable::Provisioning => s.label().to_string(),
        KqlTable::Audit => s.as_str().to_string(),
    };
    let status_column = match table {
        KqlTable::Provisioning => "ResultType",
        KqlTable::Audit => "Result",
    };
    if let Some(s) = q.status {
        clause(format!("{status_column} =~ {}", literal(&status_word(s))));
    }
    if q.hide_skipped {
        clause(format!(
            "{status_column} !~ {}",
            literal(&status_word(Status::Skipped))
        ));
    }
    match table {
        KqlTable::Provisioning => {
            if let Some(a) = &q.activity {
                clause(format!("ProvisioningAction =~ {}", literal(a)));
            }
            for (value, column) in [
                (&q.job, "JobId"),
                (&q.cycle, "CycleId"),
                (&q.change, "ChangeId"),
            ] {
                if let Some(v) = value {
                    clause(format!("{column} == {}", literal(v)));
                }
            }
            for (value, column) in [
                (&q.source_system, "SourceSystem"),
                (&q.target_system, "TargetSystem"),
            ] {
                if let Some(v) = value {
                    clause(format!(
                        "tostring(parse_json({column}).Name) =~ {}",
                        literal(v)
                    ));
                }
            }
            if let Some(v) = &q.app {
                clause(format!(
                    "tostring(parse_json(ServicePrincipal).Name) =~ {}",
                    literal(v)
                ));
            }
            let needle = q.search.trim();
            if !needle.is_empty() {
                let l = literal(needle);
                clause(format!(
                    "SourceIdentity contains {l} or TargetIdentity contains {l} or Id contains {l} or ChangeId contains {l} or CycleId contains {l} or JobId contains {l} or ProvisioningSteps contains {l}"
                ));
            }
        }
        KqlTable::Audit => {
            if let Some(a) = &q.activity {
                clause(format!("ActivityDisplayName =~ {}", literal(a)));
            }
            if let Some(v) = &q.change {
                clause(format!("CorrelationId == {}", literal(v)));
            }
            for v in [&q.target_system, &q.app].into_iter().flatten() {
                clause(format!("TargetResources contains {}", literal(v)));
            }
            let needle = q.search.trim();
            if !needle.is_empty() {
                let l = literal(needle);
                clause(format!(
                    "TargetResources contains {l} or AdditionalDetails contains {l} or ResultReason contains {l} or CorrelationId contains {l} or Id contains {l}"
                ));
            }
        }
    }
    let order = match q.sort.column {
        crate::query::Column::Time => Some(time),
        crate::query::Column::Status => Some(status_column),
        crate::query::Column::Activity => Some(match table {
            KqlTable::Provisioning => "ProvisioningAction",
            KqlTable::Audit => "ActivityDisplayName",
        }),
        _ => None,
    };
    let _ = write!(
        out,
        "\n| order by {} {}",
        order.unwrap_or(time),
        if q.sort.descending || order.is_none() {
            "desc"
        } else {
            "asc"
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    #[test]
    fn provisioning_filters_become_where_clauses() {
        let q = Query {
            search: "adele\"x".into(),
            status: Some(Status::Failure),
            from: Timestamp::parse("2026-10-01T00:00:00Z"),
            to: Timestamp::parse("2026-10-02T00:00:00Z"),
            job: Some("scim.abc".into()),
            target_system: Some("Slack".into()),
            ..Query::default()
        };
        let text = kql(&q, KqlTable::Provisioning);
        assert_eq!(
            text,
            "AADProvisioningLogs\n\
             | where TimeGenerated >= datetime(2026-10-01T00:00:00Z) and TimeGenerated < datetime(2026-10-02T00:00:00Z)\n\
             | where ResultType =~ \"Failure\"\n\
             | where JobId == \"scim.abc\"\n\
             | where tostring(parse_json(TargetSystem).Name) =~ \"Slack\"\n\
             | where SourceIdentity contains \"adele\\\"x\" or TargetIdentity contains \"adele\\\"x\" or Id contains \"adele\\\"x\" or ChangeId contains \"adele\\\"x\" or CycleId contains \"adele\\\"x\" or JobId contains \"adele\\\"x\" or ProvisioningSteps contains \"adele\\\"x\"\n\
             | order by TimeGenerated desc"
        );
    }

    #[test]
    fn audit_queries_keep_to_the_provisioning_service() {
        let q = Query {
            hide_skipped: true,
            activity: Some("Export".into()),
            ..Query::default()
        };
        let text = kql(&q, KqlTable::Audit);
        assert!(text.starts_with("AuditLogs\n| where LoggedByService == \"Account Provisioning\"\n| where TimeGenerated > ago(30d)"));
        assert!(text.contains("| where Result !~ \"skipped\""));
        assert!(text.contains("| where ActivityDisplayName =~ \"Export\""));
    }

    #[test]
    fn hidden_characters_go_in_by_code_point() {
        let q = Query {
            search: "invoice\u{202E}gnp.exe".into(),
            ..Query::default()
        };
        let text = kql(&q, KqlTable::Audit);
        assert!(
            text.contains("TargetResources contains strcat(\"invoice\", unicode_codepoints_to_string(8238), \"gnp.exe\")"),
            "{text}"
        );
        assert!(!text.contains('\u{202E}'));
        assert_eq!(
            literal("\u{200B}"),
            "strcat(unicode_codepoints_to_string(8203))"
        );
    }
}
