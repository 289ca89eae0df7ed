//! The formats provlens reads, and where a file's format is decided: first by its bytes'
//! encoding and shape (BOM, gzip, `[` or `{`), then by the records it holds, with the file
//! name as a hint. Each format's records are read by its own module; only [`Event`]s leave.
//!
//! [`Event`]: crate::event::Event

pub(crate) mod graph_provisioning;
pub mod json;
pub(crate) mod value;

use std::fmt;

use serde::Serialize;

/// A detected file format; its id is what the page's `data-format` hook and the CLI show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
            Format::Unknown => "unknown",
        }
    }

    /// A short description for the admin.
    pub fn label(self) -> &'static str {
        match self {
            Format::GraphProvisioning => "Graph provisioning logs (JSON page)",
            Format::PortalProvisioningJson => "Portal provisioning logs download (JSON)",
            Format::ProvisioningJsonLines => "Provisioning events (JSON lines)",
            Format::Unknown => "Unknown",
        }
    }

    /// The format of provisioning records found in `container`.
    pub(crate) fn of_provisioning(container: json::Container) -> Format {
        match container {
            json::Container::Array => Format::PortalProvisioningJson,
            json::Container::Envelope => Format::GraphProvisioning,
            json::Container::Object => Format::ProvisioningJsonLines,
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
        [0x1F, 0x8B, ..] => {
            return Opening::Unsupported(
                "a gzip-compressed file: decompress it first (gzip is read in a later version)",
            )
        }
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => {
            return Opening::Unsupported(
                "UTF-16 text: save it as UTF-8 (UTF-16 is read in a later version)",
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
        Some(_) => Opening::Unsupported("text that is not JSON (expected '[' or '{' at the start)"),
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
