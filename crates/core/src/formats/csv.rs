//! CSV read incrementally, and its header recognised: the [`Reader`] takes chunks of any
//! size and hands out one row at a time with its place (quotes, doubled quotes, CRLF or LF,
//! newlines inside quotes, a UTF-8 BOM); a [`Header`] says which field each column holds,
//! whatever the header's spelling, casing or language, through the one table [`SPELLINGS`].
//!
//! Rows larger than [`MAX_RECORD_BYTES`] are skipped, not buffered.

use super::json::MAX_RECORD_BYTES;
use super::Format;
use crate::event::Span;

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// How a row ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RowEnd {
    /// At a line break.
    Newline,
    /// At the end of the file, without a line break.
    EndOfFile,
    /// At the end of the file, inside a quoted field: the file is cut short.
    InsideQuotes,
}

/// One row's fields, unquoted.
pub(crate) struct Row<'a> {
    text: &'a str,
    ends: &'a [usize],
    /// Where the row sits in the file.
    pub span: Span,
    /// How it ended.
    pub end: RowEnd,
    /// Some of its bytes were not UTF-8 and show as U+FFFD.
    pub repaired: bool,
}

impl<'a> Row<'a> {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The `i`th field.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        self.text.get(start..*self.ends.get(i)?)
    }

    /// The fields in order.
    pub fn fields(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// What the reader found.
pub(crate) enum Piece<'a> {
    /// One row.
    Row(Row<'a>),
    /// A row too large to buffer, skipped.
    Oversized(Span),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of a doubled quote.
    QuoteInQuoted,
}

/// Splits CSV bytes into rows, chunk by chunk.
pub(crate) struct Reader {
    delimiter: u8,
    state: State,
    /// Offset of the next byte.
    offset: u64,
    /// Line of the next byte (1-based).
    line: u64,
    /// True once a byte other than a leading BOM was seen.
    started: bool,
    /// The open row: where it started.
    row: Option<Span>,
    /// The open row's fields, unquoted, back to back (always valid UTF-8 between ends).
    text: Vec<u8>,
    ends: Vec<usize>,
    /// The open row outgrew [`MAX_RECORD_BYTES`]: its bytes are dropped.
    oversized: bool,
    /// The open row had bytes that are not UTF-8 (replaced by U+FFFD).
    repaired: bool,
}

impl Reader {
    /// A reader at the start of a file whose fields are separated by `delimiter`.
    pub fn new(delimiter: u8) -> Self {
        Reader {
            delimiter,
            state: State::FieldStart,
            offset: 0,
            line: 1,
            started: false,
            row: None,
            text: Vec::new(),
            ends: Vec::new(),
            oversized: false,
            repaired: false,
        }
    }

    /// Offset of the next byte.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Line of the next byte (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Feeds the next chunk; `out` receives every row completed in it, in order.
    pub fn push(&mut self, chunk: &[u8], out: &mut dyn FnMut(Piece<'_>)) {
        let mut i = 0;
        while i < chunk.len() {
            let c = chunk[i];
            let at = self.offset;
            i += 1;
            self.offset += 1;
            if !self.started {
                if at < 3 && c == BOM[at as usize] {
                    continue;
                }
                self.started = true;
                self.unhold(at, out);
            }
            if self.row.is_none() {
                match c {
                    // Blank lines between rows.
                    b'\n' => {
                        self.line += 1;
                        continue;
                    }
                    b'\r' => continue,
                    _ => self.open(at),
                }
            }
            match (self.state, c) {
                (State::Quoted, b'"') => self.state = State::QuoteInQuoted,
                (State::Quoted, _) => {
                    // Most of a quoted field: copy up to the next quote or line break at once.
                    let run = memchr::memchr2(b'"', b'\n', &chunk[i..]).unwrap_or(chunk.len() - i);
                    self.add(&chunk[i - 1..i + run]);
                    if c == b'\n' {
                        self.line += 1;
                    }
                    i += run;
                    self.offset += run as u64;
                }
                (State::FieldStart, b'"') => self.state = State::Quoted,
                (State::QuoteInQuoted, b'"') => {
                    self.add(b"\"");
                    self.state = State::Quoted;
                }
                (_, b'\n') => {
                    self.end_field();
                    self.emit(RowEnd::Newline, out);
                    self.line += 1;
                }
                (_, d) if d == self.delimiter => {
                    self.end_field();
                    self.state = State::FieldStart;
                }
                // A CR before the line break (CRLF), or after a closing quote.
                (State::FieldStart | State::QuoteInQuoted, b'\r') => {}
                (_, _) => {
                    // Text after a closing quote is kept, as spreadsheets do.
                    self.add(&[c]);
                    self.state = State::Unquoted;
                }
            }
        }
    }

    /// The first `held` bytes looked like the start of a BOM but were not one (U+F000 to
    /// U+FFFF also start with 0xEF): they are read as text after all, in their places.
    fn unhold(&mut self, held: u64, out: &mut dyn FnMut(Piece<'_>)) {
        if (1..3).contains(&held) {
            let resume = self.offset;
            self.offset = 0;
            self.push(&BOM[..held as usize], out);
            self.offset = resume;
        }
    }

    /// Ends the file: hands out the last row if it has no line break.
    pub fn finish(&mut self, out: &mut dyn FnMut(Piece<'_>)) {
        if !self.started {
            self.started = true;
            let held = self.offset;
            self.unhold(held, out);
        }
        if self.row.is_some() {
            let end = if self.state == State::Quoted {
                RowEnd::InsideQuotes
            } else {
                RowEnd::EndOfFile
            };
            self.end_field();
            self.emit(end, out);
        }
    }

    fn open(&mut self, at: u64) {
        self.row = Some(Span {
            offset: at,
            len: 0,
            line: self.line,
        });
        self.state = State::FieldStart;
        self.text.clear();
        self.ends.clear();
        self.oversized = false;
        self.repaired = false;
    }

    fn add(&mut self, bytes: &[u8]) {
        if self.oversized {
            return;
        }
        self.text.extend_from_slice(bytes);
        if self.text.len() > MAX_RECORD_BYTES {
            self.oversized = true;
            self.text = Vec::new();
            self.ends.clear();
        }
    }

    fn end_field(&mut self) {
        if self.oversized {
            return;
        }
        let start = self.ends.last().copied().unwrap_or(0);
        if self.state == State::Unquoted && self.text.last() == Some(&b'\r') {
            self.text.pop();
        }
        // Keep the text valid UTF-8 field by field, so a stray byte spoils only its field.
        if std::str::from_utf8(&self.text[start..]).is_err() {
            let fixed = String::from_utf8_lossy(&self.text[start..]).into_owned();
            self.repaired = true;
            self.text.truncate(start);
            self.text.extend_from_slice(fixed.as_bytes());
        }
        self.ends.push(self.text.len());
    }

    fn emit(&mut self, end: RowEnd, out: &mut dyn FnMut(Piece<'_>)) {
        let Some(mut span) = self.row.take() else {
            return;
        };
        span.len = self.offset - span.offset;
        self.state = State::FieldStart;
        if self.oversized {
            self.oversized = false;
            self.text.clear();
            self.ends.clear();
            return out(Piece::Oversized(span));
        }
        let row = Row {
            text: std::str::from_utf8(&self.text).unwrap_or_default(),
            ends: &self.ends,
            span,
            end,
            repaired: self.repaired,
        };
        // A line of spaces is a blank line too.
        if !(row.len() == 1 && row.get(0).is_some_and(|f| f.trim().is_empty())) {
            out(Piece::Row(row));
        }
    }
}

/// The delimiter of text that looks like CSV: the most frequent of comma, semicolon and tab
/// outside quotes in its first line (after a BOM and the preamble lines of [`is_preamble`]);
/// `None` when that line has none.
pub(crate) fn delimiter(head: &[u8]) -> Option<u8> {
    let head = head.strip_prefix(&BOM).unwrap_or(head);
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    let mut line = lines.next()?;
    if line.starts_with(b"#TYPE") {
        line = lines.next()?;
    }
    if let Some(sep) = line.strip_prefix(b"sep=") {
        return sep.first().copied();
    }
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in &mut counts {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    let (d, n) = counts.into_iter().max_by_key(|&(d, n)| (n, d == b','))?;
    (n > 0).then_some(d)
}

/// Lines before the header that tools write: PowerShell's `#TYPE …` and Excel's `sep=,`.
pub(crate) fn is_preamble(row: &Row<'_>) -> bool {
    row.get(0)
        .is_some_and(|f| (f.starts_with("#TYPE") || f.starts_with("sep=")) && row.len() <= 2)
}

/// What a column holds, whatever its header's spelling. Numbered columns carry their
/// numbers: target N, its modified property M, additional detail N.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    /// The record's id.
    Id,
    /// When it happened.
    Date,
    /// The correlation id.
    CorrelationId,
    /// The service that logged it.
    Service,
    /// Its category.
    Category,
    /// The activity.
    Activity,
    /// success / failure.
    Result,
    /// The human sentence.
    ResultReason,
    /// Target N's type.
    TargetType(u8),
    /// Target N's display name.
    TargetDisplayName(u8),
    /// Target N's object id.
    TargetId(u8),
    /// Target N's user principal name.
    TargetUpn(u8),
    /// Target N's modified property M: name.
    PropertyName(u8, u8),
    /// … its old value.
    PropertyOld(u8, u8),
    /// … its new value.
    PropertyNew(u8, u8),
    /// Additional detail N's key.
    DetailKey(u8),
    /// Additional detail N's value.
    DetailValue(u8),
    /// All target resources as JSON text (Log Analytics exports).
    TargetResourcesJson,
    /// All additional details as JSON text (Log Analytics exports).
    AdditionalDetailsJson,
    /// The change id that joins the three files of a provisioning-log download.
    ChangeId,
    /// An outcome: the event's, or a step's.
    Status,
    /// A name: a step's (`EntryExportAdd`) or a modified property's (`department`).
    Name,
    /// A step's type: import, scoping, matching, processing, export.
    StepType,
    /// A step's description.
    Description,
    /// A step's details: JSON text, or `key: value` lines.
    Details,
    /// A step's number among the change's steps.
    StepNumber,
    /// A modified property's value before the change.
    OldValue,
    /// … and after it.
    NewValue,
    /// The portal's Identity column: the object's name as the grid shows it.
    Identity,
    /// Any other field of a provisioningObjectSummary, by its Graph path
    /// (`sourceIdentity.id`, `provisioningStatusInfo.errorInformation.errorCode`).
    Field(&'static str),
    /// Log Analytics' `TimeGenerated`: the mark of a Log Analytics export.
    TimeGenerated,
}

/// Makes a column from the numbers its header carries.
type Numbered = fn(u8, u8) -> Column;

/// Every header spelling provlens knows, normalised by [`normalise`] (lowercase, letters and
/// digits only, accents dropped); `#` stands for a number. To read a new export or language,
/// add its spellings here (and, for a new kind of file, its required columns to [`KINDS`]).
/// One line per spelling, however rustfmt would wrap it.
#[rustfmt::skip]
const SPELLINGS: &[(&str, Numbered)] = &[
    // The portal's audit-log download, English (FORMATS.md §3).
    ("dateutc", |_, _| Column::Date),
    ("correlationid", |_, _| Column::CorrelationId),
    ("service", |_, _| Column::Service),
    ("category", |_, _| Column::Category),
    ("activity", |_, _| Column::Activity),
    ("result", |_, _| Column::Result),
    ("resultreason", |_, _| Column::ResultReason),
    ("target#type", |n, _| Column::TargetType(n)),
    ("target#displayname", |n, _| Column::TargetDisplayName(n)),
    ("target#objectid", |n, _| Column::TargetId(n)),
    ("target#userprincipalname", |n, _| Column::TargetUpn(n)),
    ("target#modifiedproperty#name", Column::PropertyName),
    ("target#modifiedproperty#oldvalue", Column::PropertyOld),
    ("target#modifiedproperty#newvalue", Column::PropertyNew),
    ("additionaldetail#key", |n, _| Column::DetailKey(n)),
    ("additionaldetail#value", |n, _| Column::DetailValue(n)),
    // Its Spanish headers, as far as public scripts show them.
    ("fechautc", |_, _| Column::Date),
    ("servicio", |_, _| Column::Service),
    ("categoria", |_, _| Column::Category),
    ("actividad", |_, _| Column::Activity),
    ("resultado", |_, _| Column::Result),
    ("objetivo#nombreprincipaldeusuario", |n, _| {
        Column::TargetUpn(n)
    }),
    // Re-imports with a plain `Date`, and PowerShell's `Export-Csv` of directoryAudit objects
    // (its nested columns hold type names and are ignored).
    ("date", |_, _| Column::Date),
    ("id", |_, _| Column::Id),
    ("activitydatetime", |_, _| Column::Date),
    ("activitydisplayname", |_, _| Column::Activity),
    ("loggedbyservice", |_, _| Column::Service),
    // Log Analytics `AuditLogs` exports carry the nested parts as JSON text.
    ("activitydatetimeutc", |_, _| Column::Date),
    ("targetresources", |_, _| Column::TargetResourcesJson),
    ("additionaldetails", |_, _| Column::AdditionalDetailsJson),
    // Any Log Analytics export (`TimeGenerated [UTC]` in the portal's CSV); its columns are
    // read by their names, not through this table.
    ("timegenerated", |_, _| Column::TimeGenerated),
    ("timegeneratedutc", |_, _| Column::TimeGenerated),
    // The portal's provisioning-log download (FORMATS.md §2): its real headers are not
    // published, so each field has the portal's words and the Graph property's name, flat
    // (`sourceIdentity.id`, `SourceIdentityId`) or dotted, all normalised alike.
    // Shared by its three files:
    ("changeid", |_, _| Column::ChangeId),
    ("status", |_, _| Column::Status),
    ("provisioningstatus", |_, _| Column::Status),
    ("provisioningstatusinfostatus", |_, _| Column::Status),
    // ProvisioningLogs.csv, the events:
    ("identity", |_, _| Column::Identity),
    ("jobid", |_, _| Column::Field("jobId")),
    ("cycleid", |_, _| Column::Field("cycleId")),
    ("action", |_, _| Column::Field("provisioningAction")),
    ("provisioningaction", |_, _| Column::Field("provisioningAction")),
    ("sourcesystem", |_, _| Column::Field("sourceSystem.displayName")),
    ("sourcesystemname", |_, _| Column::Field("sourceSystem.displayName")),
    ("sourcesystemdisplayname", |_, _| Column::Field("sourceSystem.displayName")),
    ("targetsystem", |_, _| Column::Field("targetSystem.displayName")),
    ("targetsystemname", |_, _| Column::Field("targetSystem.displayName")),
    ("targetsystemdisplayname", |_, _| Column::Field("targetSystem.displayName")),
    ("sourceidentityid", |_, _| Column::Field("sourceIdentity.id")),
    ("sourceid", |_, _| Column::Field("sourceIdentity.id")),
    ("sourceobjectid", |_, _| Column::Field("sourceIdentity.id")),
    ("sourceidentityname", |_, _| Column::Field("sourceIdentity.displayName")),
    ("sourceidentitydisplayname", |_, _| Column::Field("sourceIdentity.displayName")),
    ("sourcename", |_, _| Column::Field("sourceIdentity.displayName")),
    ("sourceidentitytype", |_, _| Column::Field("sourceIdentity.identityType")),
    ("sourceidentityidentitytype", |_, _| Column::Field("sourceIdentity.identityType")),
    ("sourcetype", |_, _| Column::Field("sourceIdentity.identityType")),
    ("sourceidentityuserprincipalname", |_, _| Column::Field("sourceIdentity.details.userPrincipalName")),
    ("sourceidentityupn", |_, _| Column::Field("sourceIdentity.details.userPrincipalName")),
    ("targetidentityid", |_, _| Column::Field("targetIdentity.id")),
    ("targetid", |_, _| Column::Field("targetIdentity.id")),
    ("targetobjectid", |_, _| Column::Field("targetIdentity.id")),
    ("targetidentityname", |_, _| Column::Field("targetIdentity.displayName")),
    ("targetidentitydisplayname", |_, _| Column::Field("targetIdentity.displayName")),
    ("targetname", |_, _| Column::Field("targetIdentity.displayName")),
    ("targetidentitytype", |_, _| Column::Field("targetIdentity.identityType")),
    ("targetidentityidentitytype", |_, _| Column::Field("targetIdentity.identityType")),
    ("targettype", |_, _| Column::Field("targetIdentity.identityType")),
    ("targetidentityuserprincipalname", |_, _| Column::Field("targetIdentity.details.userPrincipalName")),
    ("targetidentityupn", |_, _| Column::Field("targetIdentity.details.userPrincipalName")),
    ("errorcode", |_, _| Column::Field(ERROR_CODE)),
    ("errorinformationerrorcode", |_, _| Column::Field(ERROR_CODE)),
    ("provisioningstatusinfoerrorinformationerrorcode", |_, _| Column::Field(ERROR_CODE)),
    ("statusreason", |_, _| Column::Field(ERROR_REASON)),
    ("reason", |_, _| Column::Field(ERROR_REASON)),
    ("errorreason", |_, _| Column::Field(ERROR_REASON)),
    ("errordescription", |_, _| Column::Field(ERROR_REASON)),
    ("failurereason", |_, _| Column::Field(ERROR_REASON)),
    ("errorinformationreason", |_, _| Column::Field(ERROR_REASON)),
    ("provisioningstatusinforeason", |_, _| Column::Field(ERROR_REASON)),
    ("provisioningstatusinfoerrorinformationreason", |_, _| Column::Field(ERROR_REASON)),
    ("erroradditionaldetails", |_, _| Column::Field(ERROR_DETAILS)),
    ("errorinformationadditionaldetails", |_, _| Column::Field(ERROR_DETAILS)),
    ("provisioningstatusinfoerrorinformationadditionaldetails", |_, _| Column::Field(ERROR_DETAILS)),
    ("recommendedaction", |_, _| Column::Field(RECOMMENDED_ACTION)),
    ("errorinformationrecommendedaction", |_, _| Column::Field(RECOMMENDED_ACTION)),
    ("provisioningstatusinfoerrorinformationrecommendedaction", |_, _| Column::Field(RECOMMENDED_ACTION)),
    ("durationms", |_, _| Column::Field("durationInMilliseconds")),
    ("duration", |_, _| Column::Field("durationInMilliseconds")),
    ("durationinmilliseconds", |_, _| Column::Field("durationInMilliseconds")),
    ("serviceprincipal", |_, _| Column::Field("servicePrincipal.displayName")),
    ("serviceprincipalname", |_, _| Column::Field("servicePrincipal.displayName")),
    ("serviceprincipaldisplayname", |_, _| Column::Field("servicePrincipal.displayName")),
    ("serviceprincipalid", |_, _| Column::Field("servicePrincipal.id")),
    ("initiatedby", |_, _| Column::Field("initiatedBy.displayName")),
    ("initiatedbydisplayname", |_, _| Column::Field("initiatedBy.displayName")),
    ("tenantid", |_, _| Column::Field("tenantId")),
    // ProvisioningLogs_ProvisioningSteps.csv (a plain number in a step's name column is
    // read as its number):
    ("step", |_, _| Column::Name),
    ("stepname", |_, _| Column::Name),
    ("name", |_, _| Column::Name),
    ("type", |_, _| Column::StepType),
    ("steptype", |_, _| Column::StepType),
    ("provisioningsteptype", |_, _| Column::StepType),
    ("stepstatus", |_, _| Column::Status),
    ("description", |_, _| Column::Description),
    ("stepdescription", |_, _| Column::Description),
    ("details", |_, _| Column::Details),
    ("stepdetails", |_, _| Column::Details),
    ("stepnumber", |_, _| Column::StepNumber),
    ("stepno", |_, _| Column::StepNumber),
    ("stepindex", |_, _| Column::StepNumber),
    ("order", |_, _| Column::StepNumber),
    // ProvisioningLogs_ModifiedProperties.csv:
    ("property", |_, _| Column::Name),
    ("propertyname", |_, _| Column::Name),
    ("modifiedproperty", |_, _| Column::Name),
    ("modifiedpropertyname", |_, _| Column::Name),
    ("attribute", |_, _| Column::Name),
    ("attributename", |_, _| Column::Name),
    ("displayname", |_, _| Column::Name),
    ("oldvalue", |_, _| Column::OldValue),
    ("previousvalue", |_, _| Column::OldValue),
    ("newvalue", |_, _| Column::NewValue),
];

/// Graph paths of the error fields, which several spellings share.
const ERROR_CODE: &str = "provisioningStatusInfo.errorInformation.errorCode";
const ERROR_REASON: &str = "provisioningStatusInfo.errorInformation.reason";
const ERROR_DETAILS: &str = "provisioningStatusInfo.errorInformation.additionalDetails";
const RECOMMENDED_ACTION: &str = "provisioningStatusInfo.errorInformation.recommendedAction";

/// The kinds of CSV file provlens reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CsvKind {
    /// A Log Analytics export of `AADProvisioningLogs` or `AuditLogs` rows.
    LogAnalytics,
    /// The provisioning-log download's modified properties, by change id.
    ProvisioningProperties,
    /// The provisioning-log download's steps, by change id.
    ProvisioningSteps,
    /// The provisioning-log download's events, without steps and properties.
    Provisioning,
    /// The portal's audit-log download (and CSV copies of directoryAudit records).
    Audit,
}

impl CsvKind {
    /// The file format it is.
    pub fn format(self) -> Format {
        match self {
            CsvKind::LogAnalytics => Format::LogAnalyticsCsv,
            CsvKind::ProvisioningProperties => Format::PortalProvisioningPropertiesCsv,
            CsvKind::ProvisioningSteps => Format::PortalProvisioningStepsCsv,
            CsvKind::Provisioning => Format::PortalProvisioningCsv,
            CsvKind::Audit => Format::AuditCsv,
        }
    }

    /// True for the three files of the provisioning-log download.
    fn of_download(self) -> bool {
        matches!(
            self,
            CsvKind::Provisioning | CsvKind::ProvisioningSteps | CsvKind::ProvisioningProperties
        )
    }

    /// The kind a file's name suggests (the portal's names for the three files of a
    /// provisioning-log download), to choose between its kinds when the columns fit both.
    fn named(file_name: &str) -> Option<CsvKind> {
        let name = normalise(file_name);
        if name.contains("provisioningsteps") {
            Some(CsvKind::ProvisioningSteps)
        } else if name.contains("modifiedproperties") {
            Some(CsvKind::ProvisioningProperties)
        } else if name.contains("provisioninglogs") {
            Some(CsvKind::Provisioning)
        } else {
            None
        }
    }
}

/// Each kind with the columns its header must have, most specific first (a kind may come
/// twice, with other columns; neighbours may share a description). The provisioning download's kinds come before the audit
/// kind, Log Analytics' first: its `AuditLogs` columns fit the audit kind too.
const KINDS: &[(CsvKind, &[Column], &str)] = &[
    (
        CsvKind::LogAnalytics,
        &[Column::TimeGenerated],
        "a Log Analytics export's columns (TimeGenerated [UTC], …)",
    ),
    (
        CsvKind::ProvisioningProperties,
        &[Column::ChangeId, Column::Name, Column::NewValue],
        PROVISIONING,
    ),
    (
        CsvKind::ProvisioningSteps,
        &[Column::ChangeId, Column::Name, Column::Status],
        PROVISIONING,
    ),
    (
        CsvKind::ProvisioningSteps,
        &[Column::ChangeId, Column::StepType, Column::Status],
        PROVISIONING,
    ),
    (
        CsvKind::Provisioning,
        &[Column::Date, Column::ChangeId, Column::Status],
        PROVISIONING,
    ),
    (
        CsvKind::Audit,
        &[Column::Date, Column::Service, Column::Activity, Column::Result],
        "the audit-log download's columns (Date (UTC), CorrelationId, Service, Category, Activity, Result, ResultReason, Target1Type, …)",
    ),
];

/// The three files of the provisioning-log download, described once.
const PROVISIONING: &str = "the provisioning-log download's columns (Date, Identity, Action, \
    Status, Change ID, … in ProvisioningLogs; Change ID, Step Name, Status, … in its \
    ProvisioningSteps; Change ID, Property, Old Value, New Value in its ModifiedProperties)";

/// A recognised header: the kind of file and what each column holds.
pub(crate) struct Header {
    /// What the file is.
    pub kind: CsvKind,
    columns: Vec<Option<Column>>,
    /// The column names as written, but a unit in brackets (`TimeGenerated [UTC]`).
    names: Vec<String>,
}

impl Header {
    /// Recognises a header row, or says (for the admin) why it is not one provlens knows.
    /// The file's name settles a header that fits several files of the provisioning download.
    pub fn recognise(row: &Row<'_>, file_name: &str) -> Result<Header, String> {
        let columns: Vec<Option<Column>> = row.fields().map(|h| column(&normalise(h))).collect();
        let has = |c: &Column| columns.contains(&Some(*c));
        let mut fitting = KINDS
            .iter()
            .filter(|(_, need, _)| need.iter().all(has))
            .map(|&(kind, _, _)| kind);
        let first = fitting.next();
        let kind = match first {
            Some(k) if k.of_download() => {
                let named = CsvKind::named(file_name);
                fitting.find(|k| Some(*k) == named).or(first)
            }
            _ => first,
        };
        if let Some(kind) = kind {
            let names = row
                .fields()
                .map(|h| {
                    let h = h.trim();
                    match h.split_once(" [") {
                        Some((name, unit)) if unit.ends_with(']') => name.trim_end().to_string(),
                        _ => h.to_string(),
                    }
                })
                .collect();
            return Ok(Header {
                kind,
                columns,
                names,
            });
        }
        let found: Vec<&str> = row.fields().take(8).collect();
        let more = if row.len() > found.len() { ", …" } else { "" };
        let mut expected: Vec<&str> = KINDS.iter().map(|&(_, _, what)| what).collect();
        expected.dedup();
        Err(format!(
            "a CSV file whose header provlens does not know: expected {}; found {}{more}",
            expected.join(" or "),
            found.join(", ")
        ))
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether a row can be read under this header, or why not.
    pub fn fits(&self, row: &Row<'_>) -> Result<(), String> {
        let (n, m) = (row.len(), self.len());
        match row.end {
            RowEnd::InsideQuotes => {
                Err("the file ends inside this row's quoted field (truncated download?)".into())
            }
            RowEnd::EndOfFile if n < m => Err(format!(
                "the file ends inside this row, after {n} of its {m} fields (truncated download?)"
            )),
            _ if n != m => Err(format!("this row has {n} fields where the header has {m}")),
            _ => Ok(()),
        }
    }

    /// Whether a column holds `column`.
    pub fn has(&self, column: Column) -> bool {
        self.columns.contains(&Some(column))
    }

    /// The row's non-blank cells with their column's name as written (for exports whose
    /// columns are read by name).
    pub fn named<'r>(&'r self, row: &'r Row<'r>) -> impl Iterator<Item = (&'r str, &'r str)> + 'r {
        self.names
            .iter()
            .zip(row.fields())
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(n, v)| (n.as_str(), v))
    }

    /// The row's non-blank cells with what they hold; unknown columns are left out.
    pub fn cells<'r>(&'r self, row: &'r Row<'r>) -> impl Iterator<Item = (Column, &'r str)> + 'r {
        self.columns
            .iter()
            .zip(row.fields())
            .filter_map(|(c, v)| Some((*c.as_ref()?, v)).filter(|_| !v.trim().is_empty()))
    }
}

/// A header as [`SPELLINGS`] writes it: lowercase letters and digits, accents dropped.
fn normalise(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// What a normalised header holds, if it is one of [`SPELLINGS`].
fn column(header: &str) -> Option<Column> {
    SPELLINGS.iter().find_map(|&(spelling, make)| {
        let [a, b] = numbers(spelling.as_bytes(), header.as_bytes())?;
        Some(make(a, b))
    })
}

/// The numbers `header` has where `spelling` has `#`, if the rest is equal.
fn numbers(spelling: &[u8], header: &[u8]) -> Option<[u8; 2]> {
    let (mut i, mut j, mut found) = (0, 0, [0u8; 2]);
    let mut k = 0;
    while i < spelling.len() {
        if spelling[i] == b'#' {
            let digits = header[j..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let n: u8 = std::str::from_utf8(&header[j..j + digits])
                .ok()?
                .parse()
                .ok()?;
            *found.get_mut(k)? = n;
            k += 1;
            j += digits;
        } else if header.get(j) == Some(&spelling[i]) {
            j += 1;
        } else {
            return None;
        }
        i += 1;
    }
    (j == header.len()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of `bytes` fed in chunks of `chunk` bytes: fields, line, offset, how it ended.
    fn rows(bytes: &[u8], chunk: usize) -> Vec<(Vec<String>, u64, u64, RowEnd)> {
        let mut out = Vec::new();
        let mut reader = Reader::new(b',');
        let mut take = |p: Piece<'_>| match p {
            Piece::Row(r) => out.push((
                r.fields().map(str::to_owned).collect(),
                r.span.line,
                r.span.offset,
                r.end,
            )),
            Piece::Oversized(_) => out.push((vec!["<oversized>".into()], 0, 0, RowEnd::Newline)),
        };
        for part in bytes.chunks(chunk) {
            reader.push(part, &mut take);
        }
        reader.finish(&mut take);
        out
    }

    /// Found by fuzzing (target `on_demand`, through the loader): the reader passed over a
    /// BOM's first bytes one by one, so a file starting with a character of U+F000 to U+FFFF
    /// (0xEF and two more bytes, such as the fullwidth "（") lost its first byte.
    #[test]
    fn a_first_character_that_starts_like_a_bom_is_kept() {
        for chunk in [1, 2, 1000] {
            let got = rows("（a）,b\r\n1,2".as_bytes(), chunk);
            assert_eq!(got[0].0, ["（a）", "b"], "chunk {chunk}");
            assert_eq!((got[1].1, got[1].2), (2, 11));
            assert_eq!(rows(&[0xEF, 0xBB], chunk)[0].0, ["\u{FFFD}"]);
        }
    }

    #[test]
    fn quotes_crlf_bom_and_newlines_inside_quotes() {
        let text =
            "\u{feff}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\n,,\r\nlast,\"cut";
        for chunk in [1, 2, 5, 1000] {
            let got = rows(text.as_bytes(), chunk);
            let fields: Vec<&[String]> = got.iter().map(|r| r.0.as_slice()).collect();
            assert_eq!(fields[0], ["a", "b", "c"]);
            assert_eq!(fields[1], ["x, y", "say \"hi\"", "two\r\nlines"]);
            assert_eq!(fields[2], ["", "", ""]);
            assert_eq!(fields[3], ["last", "cut"]);
            let places: Vec<(u64, u64, RowEnd)> = got.iter().map(|r| (r.1, r.2, r.3)).collect();
            assert_eq!(
                places,
                [
                    (1, 3, RowEnd::Newline),
                    (2, 10, RowEnd::Newline),
                    (5, 46, RowEnd::Newline),
                    (6, 50, RowEnd::InsideQuotes)
                ],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn last_row_without_line_break_and_bad_utf8() {
        let got = rows(b"a,b\n\xff1,2", 3);
        assert_eq!(got[1].0, ["\u{fffd}1", "2"]);
        assert_eq!(got[1].3, RowEnd::EndOfFile);
    }

    /// The kind recognised from the first row of `text`, in a file called `name`.
    fn kind_of(text: &str, name: &str) -> Result<CsvKind, String> {
        let mut kind = None;
        Reader::new(b',').push(text.as_bytes(), &mut |p| {
            if let (Piece::Row(row), None) = (p, &kind) {
                kind = Some(Header::recognise(&row, name).map(|h| h.kind));
            }
        });
        kind.unwrap_or_else(|| Err("no row".into()))
    }

    #[test]
    fn a_header_that_fits_two_kinds_is_settled_by_the_file_name() {
        let both = "Date,Change ID,Name,Status\n";
        assert_eq!(kind_of(both, "unknown"), Ok(CsvKind::ProvisioningSteps));
        assert_eq!(
            kind_of(both, "ProvisioningLogs (3).csv"),
            Ok(CsvKind::Provisioning)
        );
        // The name only chooses among kinds whose columns fit.
        assert_eq!(
            kind_of("Change ID,Step Name,Status\n", "ProvisioningLogs.csv"),
            Ok(CsvKind::ProvisioningSteps)
        );
        assert_eq!(
            kind_of(
                "TimeGenerated [UTC],Type,ChangeId,Status,Date\n",
                "AADProvisioningLogs.csv"
            ),
            Ok(CsvKind::LogAnalytics)
        );
        assert!(kind_of("Name,Email\n", "ProvisioningLogs.csv").is_err());
    }

    #[test]
    fn delimiter_is_sniffed_from_the_first_line() {
        assert_eq!(delimiter(b"\xef\xbb\xbfDate (UTC),Service\r\n"), Some(b','));
        assert_eq!(delimiter(b"\"a;b\",c;d;e\n"), Some(b';'));
        assert_eq!(delimiter(b"a\tb\tc"), Some(b'\t'));
        assert_eq!(
            delimiter(b"#TYPE Microsoft.Graph\n\"Id\",\"Result\"\n"),
            Some(b',')
        );
        assert_eq!(delimiter(b"sep=;\na;b"), Some(b';'));
        assert_eq!(delimiter(b"just words\nmore"), None);
    }

    #[test]
    fn headers_match_loosely_in_any_language() {
        assert_eq!(column(&normalise("Date (UTC)")), Some(Column::Date));
        assert_eq!(column(&normalise("Fecha (UTC)")), Some(Column::Date));
        assert_eq!(column(&normalise("Categoría")), Some(Column::Category));
        assert_eq!(
            column(&normalise("result_reason")),
            Some(Column::ResultReason)
        );
        assert_eq!(
            column(&normalise("Target2ModifiedProperty5OldValue")),
            Some(Column::PropertyOld(2, 5))
        );
        assert_eq!(
            column(&normalise("Objetivo1NombrePrincipalDeUsuario")),
            Some(Column::TargetUpn(1))
        );
        assert_eq!(
            column(&normalise("AdditionalDetail6Value")),
            Some(Column::DetailValue(6))
        );
        assert_eq!(column(&normalise("TargetModifiedProperty1Name")), None);
        // The provisioning download: the portal's words and Graph's names alike.
        for h in [
            "Source Identity ID",
            "sourceIdentity.id",
            "SourceIdentityId",
        ] {
            assert_eq!(
                column(&normalise(h)),
                Some(Column::Field("sourceIdentity.id"))
            );
        }
        assert_eq!(
            column(&normalise("Duration (ms)")),
            Some(Column::Field("durationInMilliseconds"))
        );
        assert_eq!(column(&normalise("Change ID")), Some(Column::ChangeId));
        assert_eq!(
            column(&normalise("TimeGenerated [UTC]")),
            Some(Column::TimeGenerated)
        );
        assert_eq!(
            column(&normalise("Target1Type")),
            Some(Column::TargetType(1))
        );
        assert_eq!(
            column(&normalise("Target Type")),
            Some(Column::Field("targetIdentity.identityType"))
        );
        assert_eq!(column(&normalise("Target999Type")), None);
        assert_eq!(column(&normalise("Email")), None);
    }
}
