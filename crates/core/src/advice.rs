//! What an error code, skip reason or quarantine reason means and what the admin should do:
//! the knowledge base `ERRORS.md` turned into lookup tables, plus the two pieces of arithmetic
//! the docs describe (the retry sentence at the end of a failure's reason, and the quarantine
//! thresholds).
//!
//! All wording is a short paraphrase of the public sources listed in `ERRORS.md` §6 (cited
//! there as \[S1\]…\[S26\]); the `§` numbers in comments below point at that file. Where
//! `ERRORS.md` marks a fact as an inference, the wording here stays as cautious.
//!
//! Codes are case-sensitive strings in the data; every lookup here is case-insensitive.

use crate::time::Timestamp;

/// Who fixes it: the provisioning service by retrying, or the admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Retry {
    /// The docs say the service retries it automatically; no action needed.
    Auto,
    /// The docs say the service retries it automatically in 40 minutes; no action needed.
    Auto40m,
    /// The object is escrowed and retried with back-off, but it keeps failing until someone
    /// fixes the data or the configuration.
    Escrow,
    /// Job-level: the connection test fails or the job is quarantined; the admin must fix it.
    Job,
    /// A skip or information, not retried.
    None,
}

impl Retry {
    /// True when the service itself is expected to clear it (`Auto`, `Auto40m`).
    pub fn retried_by_service(self) -> bool {
        matches!(self, Retry::Auto | Retry::Auto40m)
    }

    /// Short wording for the admin, e.g. "Retried automatically in 40 minutes".
    pub fn label(self) -> &'static str {
        match self {
            Retry::Auto => "Retried automatically",
            Retry::Auto40m => "Retried automatically in 40 minutes",
            Retry::Escrow => "Retried with back-off, fails until fixed",
            Retry::Job => "Stops the job until fixed",
            Retry::None => "Not retried",
        }
    }
}

/// What a code means and what to do about it.
#[derive(Debug, serde::Serialize)]
pub struct Advice {
    /// The code or reason as it appears in the logs (the canonical spelling).
    pub code: &'static str,
    /// What it means, in one sentence.
    pub meaning: &'static str,
    /// Who fixes it.
    pub retry: Retry,
    /// What to do, in one imperative sentence.
    pub action: &'static str,
}

/// Shorthand for the tables below.
const fn a(
    code: &'static str,
    meaning: &'static str,
    retry: Retry,
    action: &'static str,
) -> Advice {
    Advice {
        code,
        meaning,
        retry,
        action,
    }
}

use Retry::{Auto, Auto40m, Escrow, Job};

// Wording shared by the variants listed in one row of §5.1.
const CONFLICT: &str =
    "The target already holds an object with the same unique value, or the matched object conflicts.";
const CONFLICT_FIX: &str =
    "Fix the clashing value on either side, fix matching so the existing account is \
     matched and taken over, or take the user out of scope.";
const REFUSED: &str =
    "The app accepted the provisioning account's sign-in but refused the operation.";
const REFUSED_FIX: &str =
    "Give the provisioning account the rights that the app's tutorial asks for.";
const MISSING: &str = "Values the app requires to create the object are missing.";
const MISSING_FIX: &str = "Fill in the source attributes or fix the attribute mappings.";
const TRANSIENT_FIX: &str = "None needed; the service retries it.";

/// §5.1: the generic codes of the provisioning-logs error table \[S1\].
static GENERIC: [Advice; 24] = [
    a("Conflict", CONFLICT, Escrow, CONFLICT_FIX),
    a("EntryConflict", CONFLICT, Escrow, CONFLICT_FIX),
    a("TooManyRequests", "The target app throttled the call.", Auto, TRANSIENT_FIX),
    a(
        "InternalServerError",
        "The target app returned an unexpected server error.",
        Auto40m,
        "None needed; check the app if it keeps happening.",
    ),
    a("InsufficientRights", REFUSED, Escrow, REFUSED_FIX),
    a("MethodNotAllowed", REFUSED, Escrow, REFUSED_FIX),
    a("NotPermitted", REFUSED, Escrow, REFUSED_FIX),
    a("Unauthorized", REFUSED, Escrow, REFUSED_FIX),
    a(
        "UnprocessableEntity",
        "The app could not process the request (HTTP 422), usually an app misconfiguration or an app-side problem.",
        Escrow,
        "Check the app configuration and the mapped values, and contact the app vendor if that does not help.",
    ),
    a("WebExceptionProtocolError", "An HTTP protocol error occurred while talking to the app.", Auto40m, TRANSIENT_FIX),
    a(
        "InvalidAnchor",
        "The object created or matched earlier no longer exists in the target.",
        Escrow,
        "Make sure the object exists in the target; to re-match everyone, restart provisioning (which can drop pending events).",
    ),
    a(
        "NotImplemented",
        "The app answered HTTP 501 (not implemented), usually an app misconfiguration or an app-side problem.",
        Escrow,
        "Check the app configuration against the app's tutorial.",
    ),
    a("MandatoryFieldsMissing", MISSING, Escrow, MISSING_FIX),
    a("MissingValues", MISSING, Escrow, MISSING_FIX),
    a(
        "SchemaAttributeNotFound",
        "An attribute mapping targets an attribute the app does not have.",
        Escrow,
        "Fix the attribute mappings.",
    ),
    a("InternalError", "An error occurred inside the Entra provisioning service.", Auto40m, TRANSIENT_FIX),
    a(
        "InvalidDomain",
        "A value uses a domain the app does not accept.",
        Escrow,
        "Change the domain on the user or allow it in the app.",
    ),
    a("Timeout", "The app answered too slowly.", Auto40m, TRANSIENT_FIX),
    a(
        "LicenseLimitExceeded",
        "The app has no free licences left.",
        Escrow,
        "Buy more licences or narrow the assignments or mappings.",
    ),
    a(
        "DuplicateTargetEntries",
        "More than one object in the app matches the matching attributes.",
        Escrow,
        "Remove the duplicate in the app or change the matching attributes.",
    ),
    a(
        "DuplicateSourceEntries",
        "More than one source object matches the same matching value.",
        Escrow,
        "Remove the duplicate source object or change the matching attributes.",
    ),
    a(
        "SystemForCrossDomainIdentityManagementMultipleEntriesInResponse",
        "A SCIM request for one object returned several, for example a group request that ignores the filter excluding members.",
        Escrow,
        "Ask the app vendor to fix the SCIM endpoint.",
    ),
    a(
        "SystemForCrossDomainIdentityManagementServiceIncompatible",
        "The SCIM app's response could not be parsed.",
        Escrow,
        "Ask the app vendor to make the endpoint compatible with the Entra SCIM client.",
    ),
    a(
        "SchemaPropertyCanOnlyAcceptValue",
        "A multi-valued source attribute is mapped to a single-valued target property.",
        Escrow,
        "Map a single value, make the source single-valued, or remove the mapping.",
    ),
    // `ImportSkipped` and `EntrySynchronizationSkipped` are in the table too, pointing at §4:
    // they live in SKIP_REASONS, which `explain` also reads.
];

/// §5.2: SCIM-prefixed codes seen outside the error table \[S8\]\[S13\]\[S18\]\[S21\]\[S26\].
static SCIM: [Advice; 4] = [
    a(
        "SystemForCrossDomainIdentityManagementBadRequest",
        "The SCIM app rejected the request (HTTP 400); the reason text calls the endpoint not fully compatible with the Entra SCIM client.",
        Escrow,
        "Ask the app vendor to fix the endpoint, or fix the data it rejects.",
    ),
    a(
        "SystemForCrossDomainIdentityManagementBadResponse",
        "The target returned an error, such as an AD constraint violation for a value longer than 64 characters.",
        Escrow,
        "Shorten the value (for example with Mid) or map it to another attribute.",
    ),
    a(
        "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
        "The credential check or test call failed, for example because the token expired or the app cannot filter on the matching attribute, and the job is quarantined.",
        Job,
        "Enter a new token, test the connection, save and restart provisioning.",
    ),
    a(
        "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
        "The credential check could not reach the on-premises ECMA host, for example because its certificate subject differs from the host name.",
        Job,
        "Fix the ECMA host's certificate or service.",
    ),
];

/// §5.2 pattern rule: what is left of a code once the connector or app name in front is
/// stripped (`SalesforceInvalidCredentials` → `InvalidCredentials`). Only read when no full
/// code matches.
static CONNECTOR_REMAINDERS: [Advice; 7] = [
    a(
        "InvalidCredentials",
        "The app rejected the credentials saved for provisioning, so the job is quarantined.",
        Job,
        "Fix the credentials or tenant URL, test the connection, save and restart provisioning.",
    ),
    a(
        "CredentialValidationFailure",
        "The credential check or test call to the app failed, so the job is quarantined.",
        Job,
        "Fix the credentials or token, test the connection, save and restart provisioning.",
    ),
    a(
        "Forbidden",
        "The target refused the operation.",
        Escrow,
        "Check the permissions and policies in the target that block this change.",
    ),
    a(
        "QuotaLimitExceeded",
        "The target reached its object quota.",
        Escrow,
        "Raise the quota or clean up objects in the target.",
    ),
    a(
        "InsufficientAccessRights",
        "The provisioning account cannot write the target object.",
        Escrow,
        "Grant the provisioning account write access to the target object.",
    ),
    a(
        "BadRequest",
        "The app rejected the request as invalid (HTTP 400).",
        Escrow,
        "Fix the data the app rejects, or ask the vendor to fix the endpoint.",
    ),
    a(
        "BadResponse",
        "The target returned an error.",
        Escrow,
        "Read the reason text and fix the value the target rejects.",
    ),
];

/// §5.3: cross-tenant synchronization \[S1\]\[S7\]\[S19\]. (`EntityTypeNotSupported` is a skip:
/// see SKIP_REASONS.)
static CROSS_TENANT: [Advice; 9] = [
    a(
        "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService",
        "The target user's attribute is owned elsewhere: Exchange Online (extension attributes, mail) or another source of authority (showInAddressList).",
        Escrow,
        "Update the attribute in the target tenant, for example with Exchange's Set-MailUser.",
    ),
    a(
        "AzureDirectoryB2BManagementPolicyCheckFailure",
        "Automatic redemption is not enabled in the source or target tenant, so Test connection fails too.",
        Job,
        "Enable automatic redemption in both tenants.",
    ),
    a(
        "AzureActiveDirectoryQuotaLimitExceeded",
        "The target tenant reached its directory object quota.",
        Escrow,
        "Raise the quota or clean up objects in the target tenant.",
    ),
    a(
        "InvitationCreationFailure",
        "The B2B invitation in the target tenant failed.",
        Escrow,
        "Contact Microsoft support.",
    ),
    a(
        "InvitationCreationFailureUserAccountDisabled",
        "The target user exists but is disabled with a pending invitation.",
        Escrow,
        "Enable the account in the target tenant and let the service retry.",
    ),
    a(
        "AzureActiveDirectoryForbidden",
        "The target tenant blocks the operation, for example because its external collaboration settings disable guest invitations.",
        Escrow,
        "Relax the guest invitation and external collaboration settings in the target tenant.",
    ),
    a(
        "InvitationCreationFailureInvalidPropertyValue",
        "The primary SMTP address is invalid, userType is neither Guest nor Member, or mail equals a group's mail.",
        Escrow,
        "Fix mail, the userType mapping, or the clashing address.",
    ),
    a(
        "InvitationCreationFailureAmbiguousUser",
        "A proxy address matches an internal user in the target tenant.",
        Escrow,
        "Remove the internal user or take the user out of scope.",
    ),
    a(
        "AzureActiveDirectoryCannotUpdateObjectsMasteredOnPremises",
        "The target user is synced from on-premises AD, so cross-tenant sync cannot update it.",
        Escrow,
        "Manage the user where it is mastered; cross-tenant sync cannot fix this.",
    ),
];

/// §5.4: inbound HR (Workday / SuccessFactors) and provisioning to on-premises AD
/// \[S8\]\[S9\]\[S10\]\[S11\]\[S20\]. `InvalidAttributeSyntax` and `OperationsError` are keywords of the
/// LDAP message rather than documented codes.
static HR_AND_AD: [Advice; 6] = [
    a(
        "HybridSynchronizationActiveDirectoryInsufficientAccessRights",
        "The agent's gMSA cannot write the AD object: its OU does not inherit permissions, or the account is protected by AdminSDHolder.",
        Escrow,
        "Enable inheritance, adjust AdminSDHolder, or grant the gMSA rights on the OU.",
    ),
    a(
        "HybridSynchronizationActiveDirectoryUserPrincipalNameNotUnique",
        "The generated UPN is already used in the forest, because matching failed (employee ID 001052 vs 1052) or the UPN rule collides.",
        Escrow,
        "Fix the matching data or generate unique UPNs with SelectUniqueValue.",
    ),
    a("EndpointUnavailable", "The provisioning agent could not read AD.", Escrow, "Check the agent's event log (event ID 2)."),
    a(
        "InvalidAttributeSyntax",
        "An empty string was sent to AD (LDAP error v3839).",
        Escrow,
        "Use IgnoreFlowIfNullOrEmpty or Switch in the attribute mapping.",
    ),
    a(
        "OperationsError",
        "The target OU is missing or parentDistinguishedName is wrong (\"no superior reference\"), which can quarantine the job.",
        Escrow,
        "Fix the default OU or the parentDistinguishedName expression.",
    ),
    a(
        "AzureActiveDirectoryInvalidUserPrincipalName",
        "Entra ID rejected the user principal name sent by API-driven inbound provisioning.",
        Escrow,
        "Build the UPN with RandomString or DefaultDomain().",
    ),
];

/// §5.5: Entra Cloud Sync, AD → Entra ID \[S12\]. `TimeOut` differs from §5.1's `Timeout` only by
/// case; an exact-case match picks the right one.
static CLOUD_SYNC: [Advice; 10] = [
    a(
        "TimeOut",
        "The call to the on-premises agent took longer than 10 minutes.",
        Job,
        "Troubleshoot the provisioning agent.",
    ),
    a(
        "HybridSynchronizationActiveDirectoryInternalServerError",
        "The agent could not process the request.",
        Job,
        "Contact support with the job ID.",
    ),
    a(
        "HybridIdentityServiceNoAgentsAssigned",
        "No agent is registered for the domain.",
        Job,
        "Reinstall or register a provisioning agent.",
    ),
    a(
        "HybridIdentityServiceNoActiveAgents",
        "The agent is not listening: it is stopped, or a firewall blocks its way to Service Bus.",
        Job,
        "Start the agent and open its outbound access.",
    ),
    a(
        "HybridIdentityServiceInvalidResource",
        "The agent or resource registration is broken.",
        Job,
        "Re-register the agent and restart the configuration.",
    ),
    a(
        "HybridIdentityServiceAgentSignalingError",
        "Service Bus could not reach the agent.",
        Job,
        "Contact support if it persists.",
    ),
    a(
        "AzureDirectoryServiceServerBusy",
        "Entra ID is busy.",
        Auto,
        "None needed; contact support if it lasts more than 24 hours.",
    ),
    a(
        "AzureActiveDirectoryInvalidCredential",
        "The sync service account is missing.",
        Job,
        "Run Repair-AADCloudSyncToolsAccount.",
    ),
    a(
        "AzureActiveDirectoryExpiredCredentials",
        "The sync service account's credentials expired (HTTP 401).",
        Job,
        "Run Repair-AADCloudSyncToolsAccount.",
    ),
    a(
        "AzureActiveDirectoryAuthenticationFailed",
        "An unknown authentication error occurred.",
        Job,
        "Contact support.",
    ),
];

/// §4: skip reasons (`SkipReason` of a skipped step) and the error codes that mean a skip
/// \[S1\]\[S5a\]\[S5b\]\[S7\]\[S16\]\[S17\]\[S26\]. `ScopingFilter` is this module's name for a failed
/// scoping filter, which the sources show only as step text.
static SKIP_REASONS: [Advice; 7] = [
    a(
        "NotEffectivelyEntitled",
        "The user is not entitled to provisioning: not assigned (scope is assigned users only), assigned only to Default Access, disabled in Entra ID, or with a broken assignment.",
        Retry::None,
        "Assign the user or group directly (not through a nested group), re-assign it, enable the account, or scope to all users.",
    ),
    a(
        "RedundantExport",
        "Source and target already agree, so nothing was sent.",
        Retry::None,
        "None needed; this is a success in substance.",
    ),
    a(
        "AttributeValidationFailed",
        "A required target property is missing or invalid on the source object; the step details name it in PropertyName.",
        Retry::None,
        "Fill in the source attribute or change the mapping.",
    ),
    a(
        "ScopingFilter",
        "The object did not pass a scoping filter; the scoping step shows the failing clause (in cross-tenant sync, users with SMS sign-in fail on alternativeSecurityIds).",
        Retry::None,
        "Adjust the filter or the data; for SMS sign-in, disable it.",
    ),
    a(
        "ImportSkipped",
        "Import could not run because the matching attribute is empty, so scoping was never evaluated.",
        Retry::None,
        "Populate the matching attribute or choose another one.",
    ),
    a(
        "EntrySynchronizationSkipped",
        "The object was read and left alone because it is out of scope or already matches.",
        Retry::None,
        "None needed, usually.",
    ),
    a(
        "EntityTypeNotSupported",
        "Cross-tenant sync uses groups only to define scope; groups themselves are not synchronized.",
        Retry::None,
        "None needed; for provisioning on demand, pick a user.",
    ),
];

const ESCROW_LIMIT: &str = "Fix the most common error in the provisioning logs, then restart provisioning to clear the escrows.";
const ON_DEMAND: &str = "Microsoft detected a problem and quarantined the job manually.";
const ON_DEMAND_FIX: &str = "Read the quarantine error, and contact support if it is unclear.";
const UNEXPLAINED_FIX: &str =
    "Read the job's quarantine error details, and contact support if they are unclear.";

/// §3: `status.quarantine.reason` of a synchronization job \[S2\]\[S4\]\[S15a\]\[S16\]\[S21\].
static QUARANTINE_REASONS: [Advice; 9] = [
    a(
        "EncounteredQuarantineException",
        "A job-wide problem such as invalid credentials or no connection to the target; the quarantine error code names it.",
        Job,
        "Fix the credentials, tenant URL, SCIM compliance or duplicate roles, then test the connection, save and restart.",
    ),
    a(
        "EncounteredEscrowProportionThreshold",
        "Too many objects failed: over 40% of events or over 40,000 failures (checked from 5,000 failures on), or over 60,000 in all.",
        Job,
        ESCROW_LIMIT,
    ),
    a(
        "EncounteredBaseEscrowThreshold",
        "An escrow-count limit was reached (documented by name only; probably the failure-count thresholds).",
        Job,
        ESCROW_LIMIT,
    ),
    a(
        "EncounteredTotalEscrowThreshold",
        "An escrow-count limit was reached (documented by name only; probably the failure-count thresholds).",
        Job,
        ESCROW_LIMIT,
    ),
    a("QuarantinedOnDemand", ON_DEMAND, Job, ON_DEMAND_FIX),
    // The docs page spells it this way; the Graph enum has `QuarantinedOnDemand`.
    a("QuarantineOnDemand", ON_DEMAND, Job, ON_DEMAND_FIX),
    a(
        "TooManyDeletes",
        "More deletes or disables were staged in one cycle than the accidental-deletion threshold allows; held objects show as StagedDelete.",
        Job,
        "If intended, allow the deletes (or restart with ForceDeletes); otherwise fix the assignments or scope, then restart.",
    ),
    a(
        "IngestionInterrupted",
        "Ingestion was interrupted; no public explanation of this reason was found.",
        Job,
        UNEXPLAINED_FIX,
    ),
    a("Unknown", "The service gave no specific reason.", Job, UNEXPLAINED_FIX),
];

/// Where a code is looked up as a whole.
static WHOLE_CODE_TABLES: [&[Advice]; 7] = [
    &GENERIC,
    &SCIM,
    &CROSS_TENANT,
    &HR_AND_AD,
    &CLOUD_SYNC,
    &CONNECTOR_REMAINDERS,
    &SKIP_REASONS,
];

/// Where the remainder of a code is looked up once a connector or app name is stripped
/// (skips are not errors, so they are left out).
static REMAINDER_TABLES: [&[Advice]; 6] = [
    &GENERIC,
    &SCIM,
    &CROSS_TENANT,
    &HR_AND_AD,
    &CLOUD_SYNC,
    &CONNECTOR_REMAINDERS,
];

/// Exact spelling first (so `TimeOut` and `Timeout` each find their own row), then any case.
fn lookup(tables: &[&'static [Advice]], key: &str) -> Option<&'static Advice> {
    let all = || tables.iter().copied().flat_map(<[Advice]>::iter);
    all()
        .find(|adv| adv.code == key)
        .or_else(|| all().find(|adv| adv.code.eq_ignore_ascii_case(key)))
}

/// The docs render some `AzureActiveDirectory…` codes as `MicrosoftEntraID…` after the rename.
fn entra_rename(code: &str) -> Option<String> {
    ["MicrosoftEntraID", "Microsoft Entra ID"]
        .iter()
        .find_map(|prefix| {
            let head = code.get(..prefix.len())?;
            head.eq_ignore_ascii_case(prefix)
                .then(|| format!("AzureActiveDirectory{}", code[prefix.len()..].trim_start()))
        })
}

/// The proper suffixes of a code that could follow a connector or app name, longest first: those
/// starting at an uppercase letter, or every one when the code is all one case
/// (`contosoentryconflict`).
fn suffixes(code: &str) -> impl Iterator<Item = &str> {
    let mixed_case = code.chars().any(char::is_uppercase) && code.chars().any(char::is_lowercase);
    code.char_indices()
        .filter(move |&(i, c)| i > 0 && (!mixed_case || c.is_uppercase()))
        .map(move |(i, _)| &code[i..])
}

/// Error codes (`ERRORS.md` §5.1–5.5), compared case-insensitively; variants listed in the
/// same row have their own entries.
///
/// Order: the whole code (exact spelling first, then any case; skip-type codes such as
/// `ImportSkipped` included); then the `MicrosoftEntraID…` spelling read as
/// `AzureActiveDirectory…`; then the §5.2 pattern rule: a leading connector or app name is
/// stripped (every suffix starting at an uppercase letter, longest first) and the remainder
/// looked up, so `ContosoEntryConflict` → `EntryConflict` and `SalesforceInvalidCredentials` →
/// `InvalidCredentials`. The returned `code` is the table's spelling, not the input.
pub fn explain(code: &str) -> Option<&'static Advice> {
    let code = code.trim();
    if code.is_empty() {
        return None;
    }
    if let Some(adv) = lookup(&WHOLE_CODE_TABLES, code) {
        return Some(adv);
    }
    let renamed = entra_rename(code);
    if let Some(adv) = renamed
        .as_deref()
        .and_then(|c| lookup(&WHOLE_CODE_TABLES, c))
    {
        return Some(adv);
    }
    let code = renamed.as_deref().unwrap_or(code);
    // Bound to a local so the iterator, which borrows `renamed`, is dropped before it.
    let found = suffixes(code).find_map(|rest| lookup(&REMAINDER_TABLES, rest));
    found
}

/// Skip reasons (`ERRORS.md` §4: `NotEffectivelyEntitled`, `RedundantExport`,
/// `AttributeValidationFailed`, a failed scoping filter, `ImportSkipped`,
/// `EntrySynchronizationSkipped`, `EntityTypeNotSupported`).
///
/// Besides the exact name (any case), accepts the name spaced out or inside a longer text
/// ("not effectively entitled"), and scoping-step text such as "Scoping filter evaluation
/// passed: False" or `ScopeEvaluationResult`.
pub fn skip_reason(reason: &str) -> Option<&'static Advice> {
    let reason = reason.trim();
    if reason.is_empty() {
        return None;
    }
    if let Some(adv) = lookup(&[&SKIP_REASONS], reason) {
        return Some(adv);
    }
    let squashed: String = reason
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if let Some(adv) = SKIP_REASONS
        .iter()
        .find(|adv| squashed.contains(&adv.code.to_ascii_lowercase()))
    {
        // A passing scoping step is not a skip.
        return (!(adv.code == "ScopingFilter" && squashed.contains("passedtrue"))).then_some(adv);
    }
    let scoping = squashed.contains("scopeevaluation") && !squashed.contains("passedtrue");
    scoping
        .then(|| lookup(&[&SKIP_REASONS], "ScopingFilter"))
        .flatten()
}

/// Quarantine reasons (`ERRORS.md` §3, `status.quarantine.reason`), any case, accepting both
/// `QuarantinedOnDemand` and `QuarantineOnDemand`.
pub fn quarantine_reason(reason: &str) -> Option<&'static Advice> {
    lookup(&[&QUARANTINE_REASONS], reason.trim())
}

/// The retry sentence of a failure's reason: "This operation was retried N times. It will be
/// retried again after this date: <ISO-8601> UTC" → (N, the date).
///
/// Tolerant of spacing and case, of "1 time", of a US-locale date, and of a missing or
/// unreadable date (then the date is `None`). `None` when the text has no "retried N time(s)".
pub fn retry_sentence(reason: &str) -> Option<(u32, Option<Timestamp>)> {
    // ASCII lowercasing keeps every byte offset, so offsets found in `lower` index `reason`.
    let lower = reason.to_ascii_lowercase();
    for (at, word) in lower.match_indices("retried") {
        let rest = lower[at + word.len()..].trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(count) = rest[..digits].parse::<u32>() else {
            continue;
        };
        let after = rest[digits..].trim_start();
        if !after.starts_with("time") {
            continue;
        }
        let offset = lower.len() - after.len();
        return Some((count, next_retry_date(&reason[offset..], &lower[offset..])));
    }
    None
}

/// The date after "date:" in the rest of a retry sentence.
fn next_retry_date(text: &str, lower: &str) -> Option<Timestamp> {
    let at = lower.find("date")? + "date".len();
    let rest = text[at..].trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let words: Vec<&str> = rest.split_whitespace().take(3).collect();
    // Longest first: a US-locale date spans three words ("10/5/2026 7:33:00 AM").
    (1..=words.len())
        .rev()
        .find_map(|n| Timestamp::parse(strip_utc(&words[..n].join(" "))))
}

/// Drops trailing punctuation and a trailing "UTC" word.
fn strip_utc(s: &str) -> &str {
    let punct: &[char] = &['.', ',', ';', ')', '"', '\''];
    let s = s.trim_end_matches(punct);
    let cut = s.len().saturating_sub(4);
    match s.get(cut..) {
        Some(tail) if tail.eq_ignore_ascii_case(" utc") => s[..cut].trim_end_matches(punct),
        _ => s,
    }
}

/// How close a job is to quarantine for too many failures (`ERRORS.md` §3, "subject to change").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuarantineRisk {
    /// Fewer than 5,000 failures: the thresholds are not evaluated yet.
    #[default]
    BelowEvaluation,
    /// Evaluated, and under every threshold.
    Safe,
    /// More than 40% of events fail.
    OverProportion,
    /// More than 40,000 failures.
    OverCount,
    /// More than 60,000 failures, the absolute cap.
    OverAbsolute,
}

/// Failures from which the thresholds are evaluated.
const EVALUATED_FROM: u64 = 5_000;
/// Share of failing events, in percent, above which the job is quarantined.
const PROPORTION_PERCENT: u64 = 40;
/// Failures above which the job is quarantined (reference failures excluded).
const COUNT_LIMIT: u64 = 40_000;
/// Failures above which the job is quarantined (reference failures included).
const ABSOLUTE_LIMIT: u64 = 60_000;

/// The quarantine thresholds of `ERRORS.md` §3 as a function: given object-level failures and
/// total events, the risk (the most severe threshold crossed).
///
/// Evaluation starts at 5,000 failures; then more than 40% of events failing, more than 40,000
/// failures, or more than 60,000 failures quarantine the job. The docs exclude reference failures (manager,
/// group-member updates) from the 40% and 40,000 rules; callers that cannot tell them apart
/// pass all failures, which overstates the risk. A `total` below `failures` is read as
/// `failures`. (Older translated copies of the page said 60% instead of 40%.)
pub fn quarantine_risk(failures: u64, total: u64) -> QuarantineRisk {
    let total = total.max(failures);
    if failures < EVALUATED_FROM {
        QuarantineRisk::BelowEvaluation
    } else if failures > ABSOLUTE_LIMIT {
        QuarantineRisk::OverAbsolute
    } else if failures > COUNT_LIMIT {
        QuarantineRisk::OverCount
    } else if u128::from(failures) * 100 > u128::from(total) * u128::from(PROPORTION_PERCENT) {
        QuarantineRisk::OverProportion
    } else {
        QuarantineRisk::Safe
    }
}

/// The retry schedule of `ERRORS.md` §2, one sentence each, for display.
pub const RETRY_SCHEDULE: &[&str] = &[
    "After the initial cycle, incremental cycles run about every 20 to 40 minutes; the interval cannot be changed.",
    "A failed create, update or delete of one object is kept in escrow and retried on later cycles, backing off to as little as once a day.",
    "Escrowed failures stop being retried when an admin clears them or restarts provisioning.",
    "InternalServerError, WebExceptionProtocolError, InternalError and Timeout are retried in 40 minutes; TooManyRequests is retried with no stated interval.",
    "While a job is quarantined it is retried 6 hours after the failure, then 12 hours, then 24 hours after it, then every 24 hours (generic connectors; some differ).",
    "Any successful retry lifts the quarantine automatically; meanwhile incremental cycles slow to once a day.",
    "After 28 days in quarantine the escrow entry is dropped and the job is disabled.",
    "If the quarantine threshold is reached during the initial cycle, the service may drop the errors, finish the cycle, then pause and wait for the admin.",
    "Restarting provisioning forces a new initial cycle and can drop some pending events.",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(a: Option<&Advice>) -> Option<&'static str> {
        a.map(|a| a.code)
    }

    #[test]
    fn app_prefixed_conflict_in_any_case_is_entry_conflict() {
        let adv = explain("contosoentryconflict");
        assert_eq!(code_of(adv), Some("EntryConflict"));
        assert_eq!(adv.map(|a| a.retry), Some(Retry::Escrow));
        assert_eq!(
            code_of(explain("ContosoEntryConflict")),
            Some("EntryConflict")
        );
        assert_eq!(
            code_of(explain("CONTOSOENTRYCONFLICT")),
            Some("EntryConflict")
        );
    }

    #[test]
    fn transient_codes_are_retried_by_the_service() {
        assert_eq!(
            explain("TooManyRequests").map(|a| a.retry.retried_by_service()),
            Some(true)
        );
        assert_eq!(
            explain("internalerror").map(|a| a.retry),
            Some(Retry::Auto40m)
        );
        assert_eq!(
            explain("UnprocessableEntity").map(|a| a.retry.retried_by_service()),
            Some(false)
        );
    }

    #[test]
    fn connector_prefixed_credentials_are_job_level() {
        let adv = explain("SalesforceInvalidCredentials");
        assert_eq!(code_of(adv), Some("InvalidCredentials"));
        assert_eq!(adv.map(|a| a.retry), Some(Retry::Job));
        assert_eq!(
            explain("SystemForCrossDomainIdentityManagementCredentialValidationFailure")
                .map(|a| a.retry),
            Some(Retry::Job)
        );
        assert_eq!(
            code_of(explain("ZendeskCredentialValidationFailure")),
            Some("CredentialValidationFailure")
        );
    }

    #[test]
    fn cross_tenant_codes_under_both_names() {
        assert_eq!(
            code_of(explain("AzureActiveDirectoryForbidden")),
            Some("AzureActiveDirectoryForbidden")
        );
        assert_eq!(
            code_of(explain("MicrosoftEntraIDForbidden")),
            Some("AzureActiveDirectoryForbidden")
        );
        assert_eq!(
            code_of(explain("microsoftentraidquotalimitexceeded")),
            Some("AzureActiveDirectoryQuotaLimitExceeded")
        );
        assert_eq!(
            code_of(explain("HybridSynchronizationActiveDirectoryForbidden")),
            Some("Forbidden")
        );
        assert_eq!(
            code_of(explain("SystemForCrossDomainIdentityManagementTimeout")),
            Some("Timeout")
        );
    }

    #[test]
    fn unknown_codes_are_none() {
        assert_eq!(code_of(explain("NoSuchThing")), None);
        assert_eq!(code_of(explain("ContosoNoSuchThing")), None);
        assert_eq!(code_of(explain("")), None);
        assert_eq!(code_of(explain("None")), None);
        assert_eq!(code_of(explain("é")), None);
    }

    #[test]
    fn timeout_and_cloud_sync_timeout_differ_only_by_case() {
        assert_eq!(explain("Timeout").map(|a| a.retry), Some(Retry::Auto40m));
        assert_eq!(explain("TimeOut").map(|a| a.retry), Some(Retry::Job));
        assert_eq!(explain("timeout").map(|a| a.retry), Some(Retry::Auto40m));
    }

    #[test]
    fn every_row_is_found_under_its_own_code_and_reads_as_sentences() {
        let tables: Vec<&[Advice]> = WHOLE_CODE_TABLES
            .iter()
            .copied()
            .chain([&QUARANTINE_REASONS[..]])
            .collect();
        for table in tables {
            for adv in table {
                for text in [adv.meaning, adv.action] {
                    assert!(text.ends_with('.'), "{}: {text}", adv.code);
                    assert!(
                        text.chars().next().is_some_and(char::is_uppercase),
                        "{}: {text}",
                        adv.code
                    );
                }
            }
        }
        for table in WHOLE_CODE_TABLES {
            for adv in table.iter() {
                assert!(
                    explain(adv.code).is_some_and(|found| std::ptr::eq(found, adv)),
                    "{}",
                    adv.code
                );
            }
        }
        for adv in &QUARANTINE_REASONS {
            assert!(
                quarantine_reason(adv.code).is_some_and(|found| std::ptr::eq(found, adv)),
                "{}",
                adv.code
            );
        }
    }

    #[test]
    fn skip_reasons_by_name_and_by_text() {
        assert_eq!(
            code_of(skip_reason("NotEffectivelyEntitled")),
            Some("NotEffectivelyEntitled")
        );
        assert_eq!(
            code_of(skip_reason("redundantexport")),
            Some("RedundantExport")
        );
        assert_eq!(
            code_of(skip_reason("not effectively entitled")),
            Some("NotEffectivelyEntitled")
        );
        assert_eq!(
            code_of(skip_reason("Scoping filter evaluation passed: False")),
            Some("ScopingFilter")
        );
        assert_eq!(
            code_of(skip_reason("Scoping filter evaluation passed: True")),
            None
        );
        assert_eq!(
            code_of(skip_reason("ScopeEvaluationResult")),
            Some("ScopingFilter")
        );
        assert_eq!(
            skip_reason("EntityTypeNotSupported").map(|a| a.retry),
            Some(Retry::None)
        );
        assert_eq!(code_of(skip_reason("ImportSkipped")), Some("ImportSkipped"));
        assert_eq!(code_of(skip_reason("EntryConflict")), None);
        assert_eq!(code_of(skip_reason("  ")), None);
        // The error-code spelling of a skip is explained too.
        assert_eq!(
            explain("EntrySynchronizationSkipped").map(|a| a.retry),
            Some(Retry::None)
        );
    }

    #[test]
    fn quarantine_reasons_in_both_on_demand_spellings() {
        assert_eq!(
            code_of(quarantine_reason("QuarantinedOnDemand")),
            Some("QuarantinedOnDemand")
        );
        assert_eq!(
            code_of(quarantine_reason("QuarantineOnDemand")),
            Some("QuarantineOnDemand")
        );
        assert_eq!(
            code_of(quarantine_reason("encounteredEscrowProportionThreshold")),
            Some("EncounteredEscrowProportionThreshold")
        );
        assert_eq!(
            quarantine_reason("TooManyDeletes").map(|a| a.retry),
            Some(Retry::Job)
        );
        assert_eq!(code_of(quarantine_reason("Paused")), None);
    }

    #[test]
    fn retry_sentence_gives_count_and_next_date() {
        let reason =
            "Failed to create User 'x' in customappsso. This operation was retried 3 times. \
                      It will be retried again after this date: 2026-10-05T07:33:00Z UTC";
        let ts = Timestamp::parse("2026-10-05T07:33:00Z");
        assert!(ts.is_some());
        assert_eq!(retry_sentence(reason), Some((3, ts)));
    }

    #[test]
    fn retry_sentence_is_tolerant() {
        let ts = Timestamp::parse("2026-10-05T07:33:00Z");
        assert_eq!(
            retry_sentence("this operation was RETRIED  12\ntimes. it will be retried again after this date : 2026-10-05T07:33:00Z utc."),
            Some((12, ts))
        );
        assert_eq!(
            retry_sentence("This operation was retried 1 time."),
            Some((1, None))
        );
        assert_eq!(
            retry_sentence("This operation was retried 2 times. It will be retried again after this date: 10/5/2026 7:33:00 AM UTC"),
            Some((2, ts))
        );
        assert_eq!(
            retry_sentence("This operation was retried 2 times. It will be retried again after this date: 2026-10-05 07:33:00 UTC"),
            Some((2, ts))
        );
        assert_eq!(retry_sentence("This operation was retried 4 times. It will be retried again after this date: soon"), Some((4, None)));
        assert_eq!(retry_sentence("The operation will be retried."), None);
        assert_eq!(retry_sentence("retried 99999999999 times"), None);
        assert_eq!(retry_sentence(""), None);
    }

    #[test]
    fn quarantine_risk_edges() {
        use QuarantineRisk::*;
        assert_eq!(quarantine_risk(4_999, 5_000), BelowEvaluation);
        assert_eq!(quarantine_risk(5_000, 10_000), OverProportion);
        assert_eq!(quarantine_risk(5_000, 12_500), Safe);
        assert_eq!(quarantine_risk(5_001, 12_500), OverProportion);
        assert_eq!(quarantine_risk(40_000, 1_000_000), Safe);
        assert_eq!(quarantine_risk(41_000, 1_000_000), OverCount);
        assert_eq!(quarantine_risk(60_000, 1_000_000), OverCount);
        assert_eq!(quarantine_risk(60_001, 1_000_000), OverAbsolute);
        assert_eq!(quarantine_risk(60_001, 0), OverAbsolute);
        assert_eq!(quarantine_risk(5_000, 0), OverProportion);
        assert_eq!(quarantine_risk(u64::MAX, u64::MAX), OverAbsolute);
    }

    #[test]
    fn labels_and_serialised_names() {
        assert_eq!(
            Retry::Auto40m.label(),
            "Retried automatically in 40 minutes"
        );
        assert_eq!(
            serde_json::to_string(&Retry::Auto40m).ok().as_deref(),
            Some("\"auto40m\"")
        );
        assert_eq!(
            serde_json::to_string(&QuarantineRisk::OverProportion)
                .ok()
                .as_deref(),
            Some("\"over-proportion\"")
        );
        let json = explain("Timeout").and_then(|a| serde_json::to_string(a).ok());
        assert!(json.is_some_and(|j| j.contains("\"retry\":\"auto40m\"")));
        assert!(RETRY_SCHEDULE.iter().any(|s| s.contains("28 days")));
        assert!(RETRY_SCHEDULE.iter().any(|s| s.contains("6 hours")));
    }
}
