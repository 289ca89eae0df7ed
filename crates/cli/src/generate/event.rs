//! One generated provisioning event and how it is written: a Graph `provisioningObjectSummary`
//! (FORMATS.md §1) with its steps, modified properties and, for failures, the error codes and
//! reason texts of ERRORS.md §5; spelled as Graph, Azure Monitor or Log Analytics spell it
//! ([`Spelling`]), part by part for Log Analytics' JSON-text columns ([`Part`]), or lean.

use super::json::Json;
use super::random::rfc3339_ticks;
use super::tenant::{App, Person, Source, Tenant, DEPARTMENTS, DOMAIN, OFFICES, TITLES};

/// `provisioningAction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Create,
    Update,
    Disable,
    Delete,
    /// What the service reports for a user it skips.
    Other,
}

impl Action {
    /// The legacy `action` word (`Create`), as Azure Monitor records and the portal show it.
    pub(super) fn word(self) -> &'static str {
        match self {
            Action::Create => "Create",
            Action::Update => "Update",
            Action::Disable => "Disable",
            Action::Delete => "Delete",
            Action::Other => "Other",
        }
    }
}

/// `provisioningStatusInfo.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Success,
    Failure,
    Skipped,
}

impl Status {
    /// Capitalised, as Azure Monitor's `resultType` and the portal show it.
    pub(super) fn word(self) -> &'static str {
        match self {
            Status::Success => "Success",
            Status::Failure => "Failure",
            Status::Skipped => "Skipped",
        }
    }
}

/// The failures the generator produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Failure {
    ScimBadRequest,
    EntryConflict,
    InvalidDomain,
    TooManyRequests,
    Timeout,
}

impl Failure {
    /// Every failure, as often as it should be drawn.
    pub(super) const WEIGHTED: [Failure; 10] = [
        Failure::ScimBadRequest,
        Failure::ScimBadRequest,
        Failure::ScimBadRequest,
        Failure::EntryConflict,
        Failure::EntryConflict,
        Failure::InvalidDomain,
        Failure::TooManyRequests,
        Failure::TooManyRequests,
        Failure::TooManyRequests,
        Failure::Timeout,
    ];

    pub(super) fn code(self) -> &'static str {
        match self {
            Failure::ScimBadRequest => "SystemForCrossDomainIdentityManagementBadRequest",
            Failure::EntryConflict => "EntryConflict",
            Failure::InvalidDomain => "InvalidDomain",
            Failure::TooManyRequests => "TooManyRequests",
            Failure::Timeout => "Timeout",
        }
    }

    /// Escrowed failures keep coming back until someone fixes data or configuration; the
    /// others are transient.
    pub(super) fn escrowed(self) -> bool {
        matches!(
            self,
            Failure::ScimBadRequest | Failure::EntryConflict | Failure::InvalidDomain
        )
    }

    /// `errorCategory`: Microsoft's examples use `nonServiceFailure` for errors of the app.
    fn category(self) -> &'static str {
        if self.escrowed() {
            "nonServiceFailure"
        } else {
            "failure"
        }
    }

    /// The `reason` text, worded like the service's.
    fn reason(self, verb: &str, upn: &str, app: &str) -> String {
        match self {
            Failure::ScimBadRequest => format!(
                "Failed to {verb} User '{upn}' in {app}. We received this error from the SCIM \
                 endpoint: StatusCode: BadRequest Message: Processing of the HTTP request resulted \
                 in an exception. Please see the HTTP response returned by the 'Response' property \
                 of this exception for details. Web Response: {{\"schemas\":[\"urn:ietf:params:\
                 scim:api:messages:2.0:Error\"],\"status\":\"400\",\"scimType\":\"invalidValue\",\
                 \"detail\":\"Attribute 'emails[type eq \\\"work\\\"].value' is required.\"}}. \
                 The SCIM endpoint is not fully compatible with the Microsoft Entra SCIM client."
            ),
            Failure::EntryConflict => format!(
                "Message: {app} returned an error response with the HTTP status code 409. This \
                 response indicates that a user or a group already exists with the same name. \
                 This can be avoided by identifying and removing the conflicting user '{upn}' \
                 from {app} via the {app} administrative user interface, or removing the current \
                 user from the scope of provisioning either by removing their assignment to the \
                 {app} application in Microsoft Entra ID or adding a scoping filter to exclude \
                 the user."
            ),
            Failure::InvalidDomain => format!(
                "Failed to {verb} User '{upn}' in {app}: the domain '{DOMAIN}' of the value \
                 '{upn}' is not one of the domains verified in {app}. Change the domain of the \
                 user in Microsoft Entra ID or add and verify the domain in {app}."
            ),
            Failure::TooManyRequests => format!(
                "{app} throttled the request to {verb} User '{upn}' (HTTP 429 Too Many \
                 Requests). The Microsoft Entra provisioning service will retry the operation \
                 automatically; no action is needed."
            ),
            Failure::Timeout => format!(
                "The request to {verb} User '{upn}' in {app} timed out: {app} did not answer \
                 within 30 seconds. The operation will be retried in 40 minutes; no action is \
                 needed."
            ),
        }
    }
}

/// What an event does: its action and, for updates, what changes.
pub(super) struct Plan {
    pub(super) action: Action,
    /// `(attribute, old value, new value)`.
    pub(super) changes: Vec<(&'static str, &'static str, &'static str)>,
}

/// One provisioning event, ready to be written.
pub(super) struct Event {
    pub(super) id: String,
    pub(super) change_id: String,
    pub(super) cycle_id: String,
    /// `activityDateTime`.
    pub(super) time: String,
    /// The same time in seconds since the Unix epoch.
    pub(super) secs: u64,
    /// Its fraction of a second in 100 ns ticks (below 10^7), for the formats that write one.
    pub(super) ticks: u64,
    /// Index into [`Tenant::apps`].
    pub(super) app: usize,
    pub(super) person: Person,
    /// The user's id in the app.
    pub(super) target_id: String,
    /// The user's attributes in Entra ID after this change.
    pub(super) source: Source,
    pub(super) plan: Plan,
    pub(super) status: Status,
    pub(super) failure: Option<Failure>,
    /// Earlier failed attempts of this change.
    pub(super) retries: u8,
    /// When an escrowed failure is retried next.
    pub(super) next_retry: String,
    pub(super) duration: u64,
}

/// One entry of `provisioningSteps`.
pub(super) struct Step {
    pub(super) name: &'static str,
    /// `provisioningStepType`, as Graph spells it.
    pub(super) kind: &'static str,
    /// `status`, as Graph spells it.
    pub(super) status: &'static str,
    pub(super) description: String,
    pub(super) details: Vec<(&'static str, String)>,
}

/// How a provisioningObjectSummary is spelled where it appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Spelling {
    /// Graph and the portal (FORMATS.md §1): camelCase, enums as words.
    Graph,
    /// Inside an Azure Monitor `ProvisioningLogs` record (FORMATS.md §6): PascalCase `Id`/`Name`
    /// in the parties, step types and statuses as integers, `action` and `statusInfo` beside
    /// `provisioningAction` and `provisioningStatusInfo`, `Status` capitalised.
    Monitor,
    /// The JSON text of a Log Analytics `AADProvisioningLogs` column (FORMATS.md §7): systems,
    /// initiator and service principal with `Id`/`Name`, identities and steps as in Graph.
    Analytics,
}

/// The nested parts of a record: the members that are objects or arrays, which Log Analytics
/// keeps as JSON text in columns of the same (PascalCase) names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    SourceSystem,
    TargetSystem,
    InitiatedBy,
    ServicePrincipal,
    SourceIdentity,
    TargetIdentity,
    StatusInfo,
    Steps,
    ModifiedProperties,
}

impl Event {
    /// Writes the event as one JSON object, keys in the order of Graph's examples.
    pub(super) fn write(&self, json: &mut Json, tenant: &Tenant, spelling: Spelling) {
        let app = &tenant.apps[self.app];
        json.open('{');
        json.field("id", &self.id);
        if spelling == Spelling::Monitor {
            json.field("activityDateTime", &self.precise_time("Z"));
        } else {
            json.field("activityDateTime", &self.time);
        }
        json.field("tenantId", &tenant.id);
        json.field("jobId", &app.job_id);
        json.field("cycleId", &self.cycle_id);
        json.field("changeId", &self.change_id);
        if spelling == Spelling::Monitor {
            json.field("action", self.plan.action.word());
        }
        json.field("provisioningAction", self.action());
        json.key("durationInMilliseconds");
        json.number(self.duration);
        let parts = [
            ("sourceSystem", Part::SourceSystem),
            ("targetSystem", Part::TargetSystem),
            ("initiatedBy", Part::InitiatedBy),
            ("servicePrincipal", Part::ServicePrincipal),
            ("sourceIdentity", Part::SourceIdentity),
            ("targetIdentity", Part::TargetIdentity),
            ("provisioningStatusInfo", Part::StatusInfo),
            ("provisioningSteps", Part::Steps),
            ("modifiedProperties", Part::ModifiedProperties),
        ];
        for (key, part) in parts {
            json.key(key);
            self.write_part(json, tenant, spelling, part);
        }
        if spelling == Spelling::Monitor {
            json.key("statusInfo");
            json.open('{');
            json.field("Status", self.status.word());
            json.close('}');
        }
        json.close('}');
    }

    /// Writes a small record with what the event grid shows and little else: the ids, the
    /// time, the action and status, the user, the app and the deciding step (no details, no
    /// modified properties). About 900 bytes instead of 3 KB, for measuring the page on a
    /// million events without a 3 GB file.
    pub(super) fn write_lean(&self, json: &mut Json, tenant: &Tenant) {
        let app = &tenant.apps[self.app];
        let p = &self.person;
        json.open('{');
        json.field("id", &self.id);
        json.field("activityDateTime", &self.time);
        json.field("jobId", &app.job_id);
        json.field("cycleId", &self.cycle_id);
        json.field("changeId", &self.change_id);
        json.field("provisioningAction", self.action());
        json.key("durationInMilliseconds");
        json.number(self.duration);
        json.object(
            "servicePrincipal",
            &[
                ("id", app.service_principal_id.as_str()),
                ("displayName", app.name),
            ],
        );
        json.object(
            "sourceIdentity",
            &[
                ("id", p.object_id.as_str()),
                ("displayName", &p.display_name),
                ("identityType", "User"),
            ],
        );
        json.key("provisioningStatusInfo");
        self.write_part(json, tenant, Spelling::Graph, Part::StatusInfo);
        json.key("provisioningSteps");
        json.open('[');
        if let Some(step) = self.steps(app).pop() {
            json.open('{');
            json.field("name", step.name);
            json.field("provisioningStepType", step.kind);
            json.field("status", step.status);
            json.field("description", &step.description);
            json.object("details", &[("ReportableIdentifier", p.upn.as_str())]);
            json.close('}');
        }
        json.close(']');
        json.close('}');
    }

    /// Writes one nested part of the record (its value only, not its key).
    pub(super) fn write_part(
        &self,
        json: &mut Json,
        tenant: &Tenant,
        spelling: Spelling,
        part: Part,
    ) {
        let app = &tenant.apps[self.app];
        let p = &self.person;
        let no_details: &[(&str, &str)] = &[];
        // Systems, the initiator and the service principal: `Id`/`Name` outside Graph.
        let (id, name) = match spelling {
            Spelling::Graph => ("id", "displayName"),
            Spelling::Monitor | Spelling::Analytics => ("Id", "Name"),
        };
        let details = if spelling == Spelling::Analytics {
            "Details"
        } else {
            "details"
        };
        // Identities keep camelCase in Log Analytics.
        let (identity_id, identity_name) = match spelling {
            Spelling::Monitor => ("Id", "Name"),
            Spelling::Graph | Spelling::Analytics => ("id", "displayName"),
        };
        match part {
            Part::SourceSystem => {
                json.open('{');
                json.field(id, &tenant.source_system_id);
                json.field(name, "Azure Active Directory");
                json.object(details, no_details);
                json.close('}');
            }
            Part::TargetSystem => {
                json.open('{');
                json.field(id, &app.target_system_id);
                json.field(name, app.name);
                json.object(
                    details,
                    &[
                        ("ApplicationId", app.application_id.as_str()),
                        ("ServicePrincipalId", &app.service_principal_id),
                        ("ServicePrincipalDisplayName", app.name),
                    ],
                );
                json.close('}');
            }
            Part::InitiatedBy => {
                let kind = if spelling == Spelling::Graph {
                    "initiatorType"
                } else {
                    "Type"
                };
                json.open('{');
                json.field(id, "");
                json.field(name, "Azure AD Provisioning Service");
                json.field(kind, "system");
                json.close('}');
            }
            Part::ServicePrincipal => {
                json.open('{');
                json.field(id, &app.service_principal_id);
                json.field(name, app.name);
                json.close('}');
            }
            Part::SourceIdentity => {
                json.open('{');
                json.field(identity_id, &p.object_id);
                json.field(identity_name, &p.display_name);
                json.field("identityType", "User");
                if spelling == Spelling::Monitor {
                    json.object(
                        "details",
                        &[
                            ("DisplayName", p.display_name.as_str()),
                            ("id", &p.object_id),
                            ("odatatype", "User"),
                            ("UserPrincipalName", &p.upn),
                        ],
                    );
                } else {
                    json.object("details", no_details);
                }
                json.close('}');
            }
            Part::TargetIdentity => {
                // The user has an id in the app once created; the service leaves the target's
                // display name empty in the examples seen.
                json.open('{');
                json.field(
                    identity_id,
                    if self.in_app() { &self.target_id } else { "" },
                );
                json.field(identity_name, "");
                json.field("identityType", app.target_type);
                json.object("details", no_details);
                json.close('}');
            }
            Part::StatusInfo => {
                json.open('{');
                let status = if spelling == Spelling::Monitor {
                    "Status"
                } else {
                    "status"
                };
                json.field(status, self.status());
                json.key("errorInformation");
                match self.failure {
                    None => json.null(),
                    Some(failure) => {
                        json.open('{');
                        json.field("errorCode", failure.code());
                        json.field("reason", &self.failure_reason(app));
                        json.field_or_null("additionalDetails", None);
                        json.field("errorCategory", failure.category());
                        json.field_or_null("recommendedAction", None);
                        json.close('}');
                    }
                }
                json.close('}');
            }
            Part::Steps => {
                json.open('[');
                for step in self.steps(app) {
                    json.open('{');
                    json.field("name", step.name);
                    if spelling == Spelling::Monitor {
                        json.key("provisioningStepType");
                        json.number(step_type_number(step.kind));
                        json.key("status");
                        json.number(status_number(step.status));
                    } else {
                        json.field("provisioningStepType", step.kind);
                        json.field("status", step.status);
                    }
                    json.field("description", &step.description);
                    json.object("details", &step.details);
                    json.close('}');
                }
                json.close(']');
            }
            Part::ModifiedProperties => {
                json.open('[');
                for (name, old, new) in self.modified_properties() {
                    json.open('{');
                    json.field("displayName", name);
                    json.field_or_null("oldValue", old);
                    json.field("newValue", new);
                    json.close('}');
                }
                json.close(']');
            }
        }
    }

    /// Whether the user has an account in the app at this event (and so a target id).
    pub(super) fn in_app(&self) -> bool {
        match self.plan.action {
            Action::Other => false,
            Action::Create => self.status == Status::Success,
            _ => true,
        }
    }

    /// The failure's `reason`, with the escrow's retry count once it has been retried.
    pub(super) fn failure_reason(&self, app: &App) -> String {
        let Some(failure) = self.failure else {
            return String::new();
        };
        let mut reason = failure.reason(self.verb(), &self.person.upn, app.name);
        if failure.escrowed() && self.retries > 0 {
            reason.push_str(&format!(
                " This operation was retried {} times. It will be retried again after this \
                 date: {} UTC",
                self.retries, self.next_retry
            ));
        }
        reason
    }

    /// `activityDateTime` with 7 fractional digits, as Azure Monitor and Log Analytics write
    /// it, ending in `zone` (`Z` or `+00:00`).
    pub(super) fn precise_time(&self, zone: &str) -> String {
        rfc3339_ticks(self.secs, self.ticks, zone)
    }

    /// `provisioningAction`.
    pub(super) fn action(&self) -> &'static str {
        match self.plan.action {
            Action::Create => "create",
            Action::Update => "update",
            Action::Disable => "disable",
            Action::Delete => "delete",
            Action::Other => "other",
        }
    }

    /// `provisioningStatusInfo.status`.
    pub(super) fn status(&self) -> &'static str {
        match self.status {
            Status::Success => "success",
            Status::Failure => "failure",
            Status::Skipped => "skipped",
        }
    }

    /// The verb of failure messages: "Failed to {verb} User …".
    pub(super) fn verb(&self) -> &'static str {
        match self.plan.action {
            Action::Create => "create",
            Action::Delete => "delete",
            Action::Update | Action::Disable | Action::Other => "update",
        }
    }

    /// Import, scoping, then matching, processing and export (or a skip), as the service
    /// reports them.
    pub(super) fn steps(&self, app: &App) -> Vec<Step> {
        let p = &self.person;
        let (upn, name) = (&p.upn, app.name);
        let action = self.plan.action;
        let assigned = action != Action::Other;
        let yes_no = |b: bool| if b { "True" } else { "False" }.to_string();
        let (change_type, import) = match action {
            Action::Create => ("Add", "EntryImportAdd"),
            Action::Delete => ("Delete", "EntryImportUpdate"),
            _ => ("Update", "EntryImportUpdate"),
        };
        let mut steps = vec![
            Step {
                name: import,
                kind: "import",
                status: "success",
                description: format!(
                    "Received User '{upn}' change of type ({change_type}) from Azure Active \
                     Directory"
                ),
                details: vec![
                    ("objectId", p.object_id.clone()),
                    ("userPrincipalName", upn.clone()),
                    ("accountEnabled", yes_no(self.source.enabled)),
                    ("employeeId", p.employee_id.clone()),
                ],
            },
            Step {
                name: "EntrySynchronizationScoping",
                kind: "scoping",
                status: "success",
                description: "Determine if User in scope by evaluating against each scoping \
                              filter"
                    .to_string(),
                details: vec![
                    (
                        "Active in the source system",
                        yes_no(action != Action::Delete),
                    ),
                    ("Assigned to the application", yes_no(assigned)),
                    ("User has the required role", yes_no(assigned)),
                ],
            },
        ];
        if !assigned {
            steps.push(Step {
                name: "EntrySynchronizationSkip",
                kind: "processing",
                status: "skipped",
                description: format!(
                    "User '{upn}' will be skipped: it is not effectively entitled for \
                     provisioning to {name} (the user is not assigned to the application)"
                ),
                details: vec![
                    ("SkipReason", "NotEffectivelyEntitled".to_string()),
                    ("IsActive", "True".to_string()),
                    ("Assigned", "False".to_string()),
                    ("IsEffectivelyEntitledForProvisioning", "False".to_string()),
                ],
            });
            return steps;
        }
        steps.push(if action == Action::Create {
            let filter = format!("userName eq \"{upn}\"");
            Step {
                name: "EntryImportObjectNotFound",
                kind: "matching",
                status: "success",
                description: format!("No User matching '{upn}' was found in {name} ({filter})"),
                details: vec![("MatchingFilter", filter)],
            }
        } else {
            Step {
                name: "EntryImport",
                kind: "matching",
                status: "success",
                description: format!("Retrieved User '{upn}' from {name}"),
                details: vec![("id", self.target_id.clone()), ("userName", upn.clone())],
            }
        });
        let (processing, export, done, why) = match action {
            Action::Create => (
                "EntrySynchronizationAdd",
                "EntryExportAdd",
                "created",
                format!(
                    " (User is active and assigned in Azure Active Directory, but no matching \
                     User was found in {name})"
                ),
            ),
            Action::Delete => (
                "EntrySynchronizationDelete",
                "EntryExportDelete",
                "deleted",
                " (User is no longer assigned to the application)".to_string(),
            ),
            Action::Disable => (
                "EntrySynchronizationUpdate",
                "EntryExportUpdateSoftDelete",
                "disabled",
                " (User is disabled in Azure Active Directory)".to_string(),
            ),
            Action::Update | Action::Other => (
                "EntrySynchronizationUpdate",
                "EntryExportUpdate",
                "updated",
                String::new(),
            ),
        };
        steps.push(Step {
            name: processing,
            kind: "processing",
            status: "success",
            description: format!("User '{upn}' will be {done} in {name}{why}"),
            details: Vec::new(),
        });
        let failed = self.status == Status::Failure;
        steps.push(Step {
            name: export,
            kind: "export",
            status: if failed { "failure" } else { "success" },
            description: if failed {
                format!("Failed to {} User '{upn}' in {name}", self.verb())
            } else {
                format!("User '{upn}' was {done} in {name}")
            },
            details: vec![("ReportableIdentifier", upn.clone())],
        });
        steps
    }

    /// `(displayName, oldValue, newValue)` of `modifiedProperties`: every mapped attribute for
    /// a create or a skip, what changed for an update.
    pub(super) fn modified_properties(&self) -> Vec<(&'static str, Option<&str>, &str)> {
        let (p, source) = (&self.person, &self.source);
        let mut props = vec![("objectId", None, p.object_id.as_str())];
        match self.plan.action {
            Action::Create | Action::Other => props.extend([
                (
                    "accountEnabled",
                    None,
                    if source.enabled { "True" } else { "False" },
                ),
                ("displayName", None, &p.display_name),
                ("givenName", None, p.given),
                ("surname", None, p.surname),
                ("userPrincipalName", None, &p.upn),
                ("mail", None, &p.upn),
                ("mailNickname", None, p.mail_nickname()),
                ("employeeId", None, &p.employee_id),
                (
                    "department",
                    None,
                    DEPARTMENTS[usize::from(source.department)],
                ),
                ("jobTitle", None, TITLES[usize::from(source.title)]),
                ("officeLocation", None, OFFICES[usize::from(source.office)]),
            ]),
            Action::Update | Action::Disable => props.extend(
                self.plan
                    .changes
                    .iter()
                    .map(|&(name, old, new)| (name, Some(old), new)),
            ),
            Action::Delete => props.push(("IsSoftDeleted", Some("False"), "True")),
        }
        props
    }
}

/// A step type as the integer of Azure Monitor records (Graph's enum order).
fn step_type_number(kind: &str) -> u64 {
    match kind {
        "import" => 0,
        "scoping" => 1,
        "matching" => 2,
        "processing" => 3,
        "referenceResolution" => 4,
        _ => 5,
    }
}

/// A status as the integer of Azure Monitor records: success 0, failure 1, skipped 2.
fn status_number(status: &str) -> u64 {
    match status {
        "success" => 0,
        "failure" => 1,
        "skipped" => 2,
        _ => 3,
    }
}
