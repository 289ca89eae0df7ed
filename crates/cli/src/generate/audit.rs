//! The audit events (directoryAudit, FORMATS.md §3) the provisioning service logs for one
//! provisioning event: Import → Synchronization rule action → Export, sharing the event's
//! change id as their `correlationId`. A skipped user gets Import → Synchronization rule
//! action (`EntrySynchronizationSkip`); a retry of an escrowed failure ends in Process escrow
//! instead of Export. Their texts are the provisioning event's step descriptions, and the
//! user is named by the same object id (`SourceAnchor`) and UPN, so the audit and the
//! provisioning files of one tenant (same seed, users and records) join on the page.
//!
//! Written as JSON (a Graph page, the portal's download, inside an Azure Monitor record) or
//! as a row of the portal's audit CSV (86 columns: 3 targets × 5 modified properties, 6
//! additional details; the rest is cut, as the portal does).

use super::csv::Csv;
use super::event::{Action, Event, Status};
use super::json::Json;
use super::random::{hash, rfc3339, rfc3339_ticks};
use super::tenant::Tenant;

/// `loggedByService` of provisioning audit events.
const SERVICE: &str = "Account Provisioning";
const CATEGORY: &str = "ProvisioningManagement";
/// `initiatedBy.app.displayName`.
const INITIATOR: &str = "Azure AD Provisioning Service";

/// How an audit event's JSON is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AuditStyle {
    /// A Graph `directoryAudits` page: times end in `Z`.
    Graph,
    /// The portal's "Download → JSON": times end in `+00:00`, and a `userAgent` member.
    Portal,
    /// The `properties` of an Azure Monitor `AuditLogs` record: times end in `+00:00`.
    Monitor,
}

/// One audit event.
pub(super) struct Audit {
    pub(super) id: String,
    /// `activityDisplayName`.
    pub(super) activity: &'static str,
    pub(super) secs: u64,
    /// The fraction of the second, in 100 ns ticks.
    pub(super) ticks: u64,
    /// `result`: `success` or `failure`.
    pub(super) result: &'static str,
    pub(super) reason: String,
    /// `additionalDetails`, in the service's order.
    pub(super) details: Vec<(&'static str, String)>,
    /// The user target's `modifiedProperties`: name, old and new value as JSON text.
    pub(super) modified: Vec<(&'static str, Option<String>, String)>,
}

/// Hands out audit ids, `Sync_<correlationId>_<scale unit>_<number>`, numbered through the
/// file.
pub(super) struct AuditIds {
    unit: String,
    next: u64,
}

impl AuditIds {
    pub(super) fn new(tenant: &Tenant) -> Self {
        const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        let mut h = hash(&[tenant.seed(), 14]);
        let unit = (0..5)
            .map(|_| {
                let c = LETTERS[(h % LETTERS.len() as u64) as usize];
                h /= LETTERS.len() as u64;
                char::from(c)
            })
            .collect();
        AuditIds {
            unit,
            next: 161_778_101,
        }
    }

    fn next(&mut self, correlation_id: &str) -> String {
        self.next += 1 + self.next % 3;
        format!("Sync_{correlation_id}_{}_{}", self.unit, self.next)
    }
}

/// The audit events of one provisioning event, in time order.
pub(super) fn audits(event: &Event, tenant: &Tenant, ids: &mut AuditIds) -> Vec<Audit> {
    let app = &tenant.apps[event.app];
    let p = &event.person;
    let steps = event.steps(app);
    // Import, then the rule a little later, then the export, all within the event's second.
    let h = hash(&[event.secs, event.ticks]);
    let t0 = event.ticks % 3_000_000;
    let t1 = t0 + 1_000_000 + h % 2_000_000;
    let t2 = t1 + 1_000_000 + (h >> 24) % 2_000_000;
    let audit = |ids: &mut AuditIds, activity, ticks, result, reason: String, details| Audit {
        id: ids.next(&event.change_id),
        activity,
        secs: event.secs,
        ticks,
        result,
        reason,
        details,
        modified: Vec::new(),
    };
    let anchor = |a: &str| ("SourceAnchor", a.to_string());
    let target_anchor = event
        .in_app()
        .then(|| ("TargetAnchor", event.target_id.clone()));

    let import = &steps[0];
    let mut out = vec![audit(
        ids,
        "Import",
        t0,
        "success",
        import.description.clone(),
        vec![
            ("Details", import.description.clone()),
            ("ErrorCode", "None".to_string()),
            ("EventName", import.name.to_string()),
            ("ipaddr", String::new()),
            ("JoiningProperty", p.upn.clone()),
            anchor(&p.object_id),
        ],
    )];

    // The rule's decision: the skip, or the processing step before the export.
    let skipped = event.status == Status::Skipped;
    let rule = if skipped {
        steps.last()
    } else {
        steps.iter().rev().nth(1)
    };
    let Some(rule) = rule else { return out };
    let why = rule
        .description
        .split_once(" (")
        .map_or("", |(_, why)| why.trim_end_matches(')'));
    let mut details = vec![
        ("Details", why.to_string()),
        ("ErrorCode", "None".to_string()),
        ("EventName", rule.name.to_string()),
        ("ipaddr", String::new()),
    ];
    if skipped {
        details.push(("SkipReason", "NotEffectivelyEntitled".to_string()));
    } else {
        details.push(("JoiningProperty", p.upn.clone()));
    }
    details.push(anchor(&p.object_id));
    details.extend(target_anchor.clone());
    out.push(audit(
        ids,
        "Synchronization rule action",
        t1,
        "success",
        rule.description.clone(),
        details,
    ));
    if skipped {
        return out;
    }

    let Some(export) = steps.last() else {
        return out;
    };
    let failure = event.failure;
    let escrow_retry = failure.is_some_and(|f| f.escrowed()) && event.retries > 0;
    let reason = match failure {
        Some(_) => format!(
            "{}; Error: {}",
            export.description,
            event.failure_reason(app)
        ),
        None => export.description.clone(),
    };
    let mut done = audit(
        ids,
        if escrow_retry {
            "Process escrow"
        } else {
            "Export"
        },
        t2,
        if failure.is_some() {
            "failure"
        } else {
            "success"
        },
        reason,
        vec![
            ("Details", String::new()),
            (
                "ErrorCode",
                failure.map_or("None", |f| f.code()).to_string(),
            ),
            ("EventName", export.name.to_string()),
            ("ipaddr", String::new()),
            anchor(&p.object_id),
        ],
    );
    done.details.extend(target_anchor);
    if !escrow_retry && event.plan.action != Action::Delete {
        done.modified = exported_properties(event);
    }
    out.push(done);
    out
}

/// The exported attributes as the audit log shows them: values as JSON text (`["Sales"]`,
/// `[]` for nothing before), then the list of their names.
fn exported_properties(event: &Event) -> Vec<(&'static str, Option<String>, String)> {
    let list = |value: &str| {
        let mut json = Json::new(false);
        json.open('[');
        json.str(value);
        json.close(']');
        json.buf
    };
    let mut props: Vec<(&'static str, Option<String>, String)> = event
        .modified_properties()
        .into_iter()
        .filter(|(name, _, _)| *name != "objectId")
        .map(|(name, old, new)| {
            (
                name,
                Some(old.map_or_else(|| "[]".to_string(), list)),
                list(new),
            )
        })
        .collect();
    let names: Vec<&str> = props.iter().map(|p| p.0).collect();
    let mut json = Json::new(false);
    json.str(&names.join(", "));
    props.push(("Included Updated Properties", None, json.buf));
    props
}

impl Audit {
    /// The time, with 7 fractional digits, ending in `zone`.
    pub(super) fn time(&self, zone: &str) -> String {
        rfc3339_ticks(self.secs, self.ticks, zone)
    }

    /// Writes the event as a directoryAudit object.
    pub(super) fn write(&self, json: &mut Json, event: &Event, tenant: &Tenant, style: AuditStyle) {
        let app = &tenant.apps[event.app];
        let p = &event.person;
        json.open('{');
        json.field("id", &self.id);
        json.field("category", CATEGORY);
        json.field("correlationId", &event.change_id);
        json.field("result", self.result);
        json.field("resultReason", &self.reason);
        json.field("activityDisplayName", self.activity);
        let zone = if style == AuditStyle::Graph {
            "Z"
        } else {
            "+00:00"
        };
        json.field("activityDateTime", &self.time(zone));
        json.field("loggedByService", SERVICE);
        json.field("operationType", "");

        json.key("initiatedBy");
        json.open('{');
        json.key("user");
        json.null();
        json.key("app");
        json.open('{');
        json.field_or_null("appId", None);
        json.field("displayName", INITIATOR);
        json.field_or_null("servicePrincipalId", None);
        json.field_or_null("servicePrincipalName", None);
        json.close('}');
        json.close('}');

        json.key("targetResources");
        json.open('[');
        let no_properties: &[(&str, Option<String>, String)] = &[];
        let targets = [
            (
                app.service_principal_id.as_str(),
                app.name,
                "ServicePrincipal",
                None,
                no_properties,
            ),
            (
                p.object_id.as_str(),
                p.display_name.as_str(),
                "User",
                Some(p.upn.as_str()),
                self.modified.as_slice(),
            ),
        ];
        for (id, name, kind, upn, properties) in targets {
            json.open('{');
            json.field("id", id);
            json.field("displayName", name);
            json.field("type", kind);
            json.field_or_null("userPrincipalName", upn);
            json.field_or_null("groupType", None);
            json.key("modifiedProperties");
            json.open('[');
            for (name, old, new) in properties {
                json.open('{');
                json.field("displayName", name);
                json.field_or_null("oldValue", old.as_deref());
                json.field("newValue", new);
                json.close('}');
            }
            json.close(']');
            json.close('}');
        }
        json.close(']');

        json.key("additionalDetails");
        json.open('[');
        for (key, value) in &self.details {
            json.open('{');
            json.field("key", key);
            json.field("value", value);
            json.close('}');
        }
        json.close(']');
        if style == AuditStyle::Portal {
            json.field_or_null("userAgent", None);
        }
        json.close('}');
    }

    /// Writes the event as a row of the portal's audit CSV (see [`csv_header`]).
    pub(super) fn write_csv(&self, csv: &mut Csv, event: &Event, tenant: &Tenant) {
        let app = &tenant.apps[event.app];
        let p = &event.person;
        // Whole seconds, with the offset: `2026-10-05T06:01:30+00:00`.
        let mut date = rfc3339(self.secs);
        date.pop();
        date.push_str("+00:00");
        csv.field(&date);
        csv.field(&event.change_id);
        csv.field(SERVICE);
        csv.field(CATEGORY);
        csv.field(self.activity);
        csv.field(self.result);
        csv.field(&self.reason);
        csv.field(""); // User Agent
        csv.field("Application");
        csv.field(INITIATOR);
        csv.empty(ACTOR_COLUMNS.len() - 3);
        let targets = [
            (
                "ServicePrincipal",
                app.name,
                app.service_principal_id.as_str(),
                "",
                &[][..],
            ),
            (
                "User",
                p.display_name.as_str(),
                p.object_id.as_str(),
                p.upn.as_str(),
                self.modified.as_slice(),
            ),
        ];
        for (kind, name, id, upn, properties) in targets {
            csv.field(kind);
            csv.field(name);
            csv.field(id);
            csv.field(upn);
            for m in 0..CSV_PROPERTIES {
                match properties.get(m) {
                    Some((name, old, new)) => {
                        csv.field(name);
                        csv.field(old.as_deref().unwrap_or(""));
                        csv.field(new);
                    }
                    None => csv.empty(3),
                }
            }
        }
        csv.empty(4 + 3 * CSV_PROPERTIES); // Target3
        for d in 0..CSV_DETAILS {
            match self.details.get(d) {
                Some((key, value)) => {
                    csv.field(key);
                    csv.field(value);
                }
                None => csv.empty(2),
            }
        }
        csv.end_row();
    }
}

/// The columns about the actor, after the first seven (FORMATS.md §3).
const ACTOR_COLUMNS: [&str; 10] = [
    "User Agent",
    "ActorType",
    "ActorDisplayName",
    "ActorObjectId",
    "ActorUserPrincipalName",
    "IPAddress",
    "ActorHomeTenantId",
    "ActorHomeTenantName",
    "ActorServicePrincipalId",
    "ActorServicePrincipalName",
];
const CSV_TARGETS: usize = 3;
const CSV_PROPERTIES: usize = 5;
const CSV_DETAILS: usize = 6;

/// The portal's audit CSV header, English (86 columns).
pub(super) fn csv_header() -> Vec<String> {
    let mut header: Vec<String> = [
        "Date (UTC)",
        "CorrelationId",
        "Service",
        "Category",
        "Activity",
        "Result",
        "ResultReason",
    ]
    .iter()
    .chain(&ACTOR_COLUMNS)
    .map(|s| s.to_string())
    .collect();
    for n in 1..=CSV_TARGETS {
        for part in ["Type", "DisplayName", "ObjectId", "UserPrincipalName"] {
            header.push(format!("Target{n}{part}"));
        }
        for m in 1..=CSV_PROPERTIES {
            for part in ["Name", "OldValue", "NewValue"] {
                header.push(format!("Target{n}ModifiedProperty{m}{part}"));
            }
        }
    }
    for n in 1..=CSV_DETAILS {
        header.push(format!("AdditionalDetail{n}Key"));
        header.push(format!("AdditionalDetail{n}Value"));
    }
    header
}
