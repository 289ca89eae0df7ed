//! The formats provlens reads, and where a file's format is decided: first by its bytes'
//! encoding and shape (BOM, gzip, `[` or `{`), then by the records it holds, with the file
//! name as a hint. Each format's records are read by its own module; only [`Event`]s leave.
//!
//! [`Event`]: crate::event::Event

pub(crate) mod audit_csv;
pub(crate) mod azure_monitor;
pub(crate) mod csv;
pub(crate) mod graph_audit;
pub(crate) mod graph_provisioning;
pub mod json;
pub(crate) mod log_analytics;
pub(crate) mod log_analytics_csv;
pub(crate) mod on_demand;
pub(crate) mod probe;
pub(crate) mod provisioning_csv;
pub(crate) mod sync_job;
pub(crate) mod value;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::event::{Event, Interner, Span};
use crate::job::JobStatus;
use crate::parts::Part;
use probe::RecordKind;

/// A detected file format; its id is what the page's `data-format` hook and the CLI show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// A Graph `GET /auditLogs/provisioning` page: `{"@odata.context": …, "value": [...]}`.
    #[serde(rename = "graph-provisioning")]
    GraphProvisioning,
    /// The portal's provisioning-log "Download → JSON": a bare top-level array.
    #[serde(rename = "portal-provisioning-json")]
    PortalProvisioningJson,
    /// Provisioning events one JSON object per line (or a single object).
    #[serde(rename = "provisioning-jsonl")]
    ProvisioningJsonLines,
    /// Graph `GET /auditLogs/directoryAudits` page (audit logs).
    #[serde(rename = "graph-audit")]
    GraphAudit,
    /// The portal's provisioning-log "Download → CSV": `ProvisioningLogs.csv`, the events
    /// without their steps and modified properties.
    #[serde(rename = "portal-provisioning-csv")]
    PortalProvisioningCsv,
    /// The download's `ProvisioningLogs_ProvisioningSteps.csv`: steps by change id.
    #[serde(rename = "portal-provisioning-steps-csv")]
    PortalProvisioningStepsCsv,
    /// The download's `ProvisioningLogs_ModifiedProperties.csv`: changed attributes by
    /// change id.
    #[serde(rename = "portal-provisioning-properties-csv")]
    PortalProvisioningPropertiesCsv,
    /// The portal's audit-log "Download → JSON": a bare array.
    #[serde(rename = "portal-audit-json")]
    PortalAuditJson,
    /// Audit events one JSON object per line.
    #[serde(rename = "audit-jsonl")]
    AuditJsonLines,
    /// The portal's audit-log "Download → CSV" (English or Spanish headers).
    #[serde(rename = "audit-csv")]
    AuditCsv,
    /// Azure Monitor diagnostic-settings records (Event Hub body or storage `PT1H.json`).
    #[serde(rename = "azure-monitor")]
    AzureMonitor,
    /// A Log Analytics export or query result (JSON).
    #[serde(rename = "log-analytics-json")]
    LogAnalyticsJson,
    /// A Log Analytics export (CSV, `TimeGenerated [UTC]` and JSON-text columns).
    #[serde(rename = "log-analytics-csv")]
    LogAnalyticsCsv,
    /// A synchronization job status (one job or a list).
    #[serde(rename = "sync-job")]
    SyncJob,
    /// A provisionOnDemand response.
    #[serde(rename = "provision-on-demand")]
    ProvisionOnDemand,
    /// Nothing provlens can read was found.
    #[serde(rename = "unknown")]
    Unknown,
}

impl Format {
    /// The id used in hooks and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Format::GraphProvisioning => "graph-provisioning",
            Format::PortalProvisioningJson => "portal-provisioning-json",
            Format::ProvisioningJsonLines => "provisioning-jsonl",
            Format::PortalProvisioningCsv => "portal-provisioning-csv",
            Format::PortalProvisioningStepsCsv => "portal-provisioning-steps-csv",
            Format::PortalProvisioningPropertiesCsv => "portal-provisioning-properties-csv",
            Format::GraphAudit => "graph-audit",
            Format::PortalAuditJson => "portal-audit-json",
            Format::AuditJsonLines => "audit-jsonl",
            Format::AuditCsv => "audit-csv",
            Format::AzureMonitor => "azure-monitor",
            Format::LogAnalyticsJson => "log-analytics-json",
            Format::LogAnalyticsCsv => "log-analytics-csv",
            Format::SyncJob => "sync-job",
            Format::ProvisionOnDemand => "provision-on-demand",
            Format::Unknown => "unknown",
        }
    }

    /// A short description for the admin.
    pub fn label(self) -> &'static str {
        match self {
            Format::GraphProvisioning => "Graph provisioning logs (JSON page)",
            Format::PortalProvisioningJson => "Portal provisioning logs download (JSON)",
            Format::ProvisioningJsonLines => "Provisioning events (JSON lines)",
            Format::PortalProvisioningCsv => "Portal provisioning logs download (CSV)",
            Format::PortalProvisioningStepsCsv => "Portal provisioning logs download: steps (CSV)",
            Format::PortalProvisioningPropertiesCsv => {
                "Portal provisioning logs download: modified properties (CSV)"
            }
            Format::GraphAudit => "Graph audit logs (JSON page)",
            Format::PortalAuditJson => "Portal audit logs download (JSON)",
            Format::AuditJsonLines => "Audit events (JSON lines)",
            Format::AuditCsv => "Portal audit logs download (CSV)",
            Format::AzureMonitor => "Azure Monitor diagnostic records",
            Format::LogAnalyticsJson => "Log Analytics export (JSON)",
            Format::LogAnalyticsCsv => "Log Analytics export (CSV)",
            Format::SyncJob => "Synchronization job status",
            Format::ProvisionOnDemand => "Provision on demand result",
            Format::Unknown => "Unknown",
        }
    }

    /// The format of a JSON file whose records are of `kind`, found in `container`.
    pub(crate) fn of_json(kind: RecordKind, container: json::Container) -> Format {
        use json::Container::{Array, Envelope, Object};
        match (kind, container) {
            (RecordKind::Provisioning, Array) => Format::PortalProvisioningJson,
            (RecordKind::Provisioning, Envelope) => Format::GraphProvisioning,
            (RecordKind::Provisioning, Object) => Format::ProvisioningJsonLines,
            (RecordKind::Audit, Array) => Format::PortalAuditJson,
            (RecordKind::Audit, Envelope) => Format::GraphAudit,
            (RecordKind::Audit, Object) => Format::AuditJsonLines,
            (RecordKind::AzureMonitor, _) => Format::AzureMonitor,
            (RecordKind::LogAnalytics, _) => Format::LogAnalyticsJson,
            (RecordKind::SyncJob, _) => Format::SyncJob,
            (RecordKind::OnDemand, _) => Format::ProvisionOnDemand,
            (RecordKind::GraphError | RecordKind::Other(_), _) => Format::Unknown,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What the first bytes of a file say about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Opening {
    /// JSON text, perhaps after a UTF-8 BOM.
    Json,
    /// Delimited text (CSV) whose first line has fields separated by this byte.
    Csv(u8),
    /// Something else, described for the admin.
    Unsupported(&'static str),
    /// Nothing but whitespace (so far).
    Empty,
}

/// Looks at a file's first bytes. `head` must hold at least the first 4 bytes of the file
/// or all of it.
pub(crate) fn sniff(head: &[u8]) -> Opening {
    let rest = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    match head {
        // The decoder has inflated one gzip layer and transcoded UTF-16 already.
        [0x1F, 0x8B, ..] => {
            return Opening::Unsupported(
                "a gzip file inside a gzip file: decompress the outer one first",
            )
        }
        [b'P', b'K', 3, 4, ..] => {
            return Opening::Unsupported(
                "a ZIP archive: extract the log files from it and drop them",
            )
        }
        [0x89, b'P', b'N', b'G', ..] => {
            return Opening::Unsupported("a PNG image, not a log export")
        }
        _ => {}
    }
    match rest.iter().find(|b| !b.is_ascii_whitespace()) {
        None => Opening::Empty,
        Some(b'{' | b'[') => Opening::Json,
        Some(_) if rest.iter().take(512).any(|&b| b == 0) => Opening::Unsupported("binary data, not a text log export"),
        Some(_) if looks_like_format_list(rest) => Opening::Unsupported(
            "PowerShell Format-List text, which cannot be read back reliably: export with `| ConvertTo-Json -Depth 10` instead",
        ),
        Some(_) => match csv::delimiter(rest) {
            Some(d) => Opening::Csv(d),
            None => Opening::Unsupported("text that is neither JSON nor CSV (expected '[' or '{' at the start, or a line of column names)"),
        },
    }
}

/// `Name   : value` lines, as PowerShell's `Format-List` prints objects.
fn looks_like_format_list(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let mut lines = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take(5)
        .peekable();
    lines.peek().is_some()
        && lines.all(|l| {
            l.split_once(" : ")
                .is_some_and(|(k, _)| !k.trim().is_empty() && !k.trim().contains(' '))
        })
}

/// What one record became.
pub(crate) enum Imported {
    /// Events (usually one).
    Events(Vec<Event>),
    /// A step or modified property of the event with its change id, kept until that event
    /// is loaded (a row of a CSV download's steps or properties file).
    Part(Part),
    /// A synchronization job's status.
    Job(Box<JobStatus>),
    /// A record of another service or category (e.g. a Core Directory audit event in an
    /// audit download): counted among the skipped, with this reason, not shown.
    SetAside(String),
    /// A table of rows held by one record (a Log Analytics query result): each row counts as
    /// a record of its own, with its own outcome (never `Rows` again).
    Rows(Vec<Imported>),
    /// The importer does not know this kind of record: the loader probes it again.
    NotMine,
    /// A record that cannot be read, and why.
    Skip(String),
}

/// What the importers share while reading one file.
pub(crate) struct Ctx<'a> {
    /// The file's string interner.
    pub strings: &'a mut Interner,
    /// The file's index, stamped on events.
    pub file: u32,
    /// Where the record sits.
    pub span: Span,
}

/// Reads one JSON record of `kind` with its importer.
pub(crate) fn import_json(
    kind: RecordKind,
    bytes: &[u8],
    ctx: &mut Ctx<'_>,
) -> Result<Imported, serde_json::Error> {
    match kind {
        RecordKind::Provisioning => graph_provisioning::read(bytes, ctx),
        RecordKind::Other(what) => Ok(Imported::Skip(format!("this record is {what}"))),
        RecordKind::GraphError => Ok(Imported::Skip(probe::graph_error(bytes))),
        RecordKind::SyncJob => sync_job::read(bytes, ctx),
        RecordKind::OnDemand => on_demand::read(bytes, ctx),
        RecordKind::Audit => graph_audit::read(bytes, ctx),
        RecordKind::AzureMonitor => azure_monitor::read(bytes, ctx),
        RecordKind::LogAnalytics => log_analytics::read(bytes, ctx),
    }
}

/// Deserialises one record. Valid UTF-8 (nearly every record) is checked once, in one pass
/// over the whole record, and read as text: serde_json then skips its per-string checks,
/// which took a tenth of the load. Anything else is read as bytes, as before, so bad bytes
/// fail (or not) exactly where they did.
pub(crate) fn from_json<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// Reads one CSV row with the importer its header chose.
pub(crate) fn import_csv(header: &csv::Header, row: &csv::Row<'_>, ctx: &mut Ctx<'_>) -> Imported {
    match header.kind {
        csv::CsvKind::Audit => audit_csv::read(header, row, ctx),
        csv::CsvKind::Provisioning => provisioning_csv::read_event(header, row, ctx),
        csv::CsvKind::ProvisioningSteps => provisioning_csv::read_step(header, row, ctx),
        csv::CsvKind::ProvisioningProperties => provisioning_csv::read_property(header, row, ctx),
        csv::CsvKind::LogAnalytics => log_analytics_csv::read(header, row, ctx),
    }
}
