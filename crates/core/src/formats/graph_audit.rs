//! directoryAudit records of the Account Provisioning service (a Graph `GET
//! /auditLogs/directoryAudits` page, the portal's audit "Download → JSON", JSON lines, and
//! PowerShell's `ConvertTo-Json` with PascalCase keys) read into [`Event`]s of the one model,
//! so the timeline and its verdict work for audit logs as for provisioning logs.
//!
//! One object change is logged as several audit events sharing a correlation id (Import →
//! Synchronization rule action → Export); each becomes an event with one step. Audit events of
//! other services (Core Directory, …) are set aside. The portal's audit CSV fills the same
//! [`Record`] (see `audit_csv`), so both are read by the same mapping.

use std::borrow::Cow;

use serde::Deserialize;

use super::value::{Details, Loose, Objects};
use super::{Ctx, Imported};
use crate::event::{
    Action, Event, Interner, ModifiedProperty, Party, RecordKind, Status, Step, StepKind,
};
use crate::time::Timestamp;

/// The service whose audit events are provisioning events.
const PROVISIONING_SERVICE: &str = "Account Provisioning";

/// The category of provisioning audit events, trusted when the service is not named.
const PROVISIONING_CATEGORY: &str = "ProvisioningManagement";

/// The target resource that is the provisioning app, not the object.
const APP_RESOURCE_TYPE: &str = "ServicePrincipal";

/// A modified property that only lists the names of the others.
const PROPERTY_LIST: &str = "Included Updated Properties";

/// One directoryAudit as it appears in a file, or as the audit CSV's columns fill it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Record<'a> {
    #[serde(borrow, default, alias = "Id")]
    pub(super) id: Loose<'a>,
    #[serde(borrow, default, alias = "Category")]
    pub(super) category: Loose<'a>,
    #[serde(borrow, default, alias = "CorrelationId")]
    pub(super) correlation_id: Loose<'a>,
    #[serde(borrow, default, alias = "Result")]
    pub(super) result: Loose<'a>,
    #[serde(borrow, default, alias = "ResultReason")]
    pub(super) result_reason: Loose<'a>,
    #[serde(borrow, default, alias = "ActivityDisplayName")]
    pub(super) activity_display_name: Loose<'a>,
    #[serde(borrow, default, alias = "ActivityDateTime")]
    pub(super) activity_date_time: Loose<'a>,
    #[serde(borrow, default, alias = "LoggedByService")]
    pub(super) logged_by_service: Loose<'a>,
    #[serde(borrow, default, alias = "TargetResources")]
    pub(super) target_resources: Objects<Target<'a>>,
    #[serde(borrow, default, alias = "AdditionalDetails")]
    pub(super) additional_details: Details<'a>,
}

/// One of `targetResources`: the provisioning app's service principal, or the object.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Target<'a> {
    #[serde(borrow, default, alias = "Id")]
    pub(super) id: Loose<'a>,
    #[serde(borrow, default, alias = "DisplayName")]
    pub(super) display_name: Loose<'a>,
    // The docs' own sample capitalises `Type`.
    #[serde(borrow, default, rename = "type", alias = "Type")]
    pub(super) kind: Loose<'a>,
    #[serde(borrow, default, alias = "UserPrincipalName")]
    pub(super) user_principal_name: Loose<'a>,
    #[serde(borrow, default, alias = "ModifiedProperties")]
    pub(super) modified_properties: Objects<Modified<'a>>,
}

/// One of a target resource's `modifiedProperties`; the values are JSON-encoded text.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Modified<'a> {
    #[serde(borrow, default, alias = "DisplayName")]
    pub(super) display_name: Loose<'a>,
    #[serde(borrow, default, alias = "OldValue")]
    pub(super) old_value: Loose<'a>,
    #[serde(borrow, default, alias = "NewValue")]
    pub(super) new_value: Loose<'a>,
}

/// Reads one JSON record into an event.
pub(crate) fn read(bytes: &[u8], ctx: &mut Ctx<'_>) -> Result<Imported, serde_json::Error> {
    let record: Record<'_> = super::from_json(bytes)?;
    if record.activity_display_name.get().is_none() {
        return Ok(Imported::NotMine);
    }
    Ok(record.import(ctx))
}

impl Record<'_> {
    /// The record in the one model; set aside when another service logged it.
    pub(crate) fn import(self, ctx: &mut Ctx<'_>) -> Imported {
        if let Some(why) = self.set_aside() {
            return Imported::SetAside(why);
        }
        match self.into_event(ctx) {
            Ok(event) => Imported::Events(vec![event]),
            Err(why) => Imported::Skip(why),
        }
    }

    /// Why the record is not a provisioning event, if it is not.
    fn set_aside(&self) -> Option<String> {
        match self.logged_by_service.get().map(str::trim) {
            Some(s) if s.eq_ignore_ascii_case(PROVISIONING_SERVICE) => None,
            Some(s) => {
                let article = if s.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                Some(format!(
                    "{article} {s} audit event, not Account Provisioning: set aside"
                ))
            }
            None if self
                .category
                .get()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(PROVISIONING_CATEGORY)) =>
            {
                None
            }
            None => Some(
                "an audit event that names no service, not Account Provisioning: set aside"
                    .to_string(),
            ),
        }
    }

    fn into_event(self, ctx: &mut Ctx<'_>) -> Result<Event, String> {
        let strings = &mut *ctx.strings;
        let id = self.id.get().ok_or("the audit event has no \"id\"")?;
        let activity = self
            .activity_display_name
            .get()
            .ok_or("the audit event has no activity")?;
        let result = self.result.get().ok_or("the audit event has no result")?;
        let result = Status::parse(result).ok_or_else(|| {
            format!("the audit event's result \"{result}\" is not one provlens knows")
        })?;
        let details = &self.additional_details;
        let event_name = details.get("EventName");
        let status = match event_name {
            Some(name) if result != Status::Failure && is_skip(name) => Status::Skipped,
            _ => result,
        };
        let reason = self.result_reason.get();
        let named = reason.and_then(named_object);
        let action = event_name
            .and_then(Action::parse)
            .or_else(|| reason.and_then(|r| action_in_reason(r, named)))
            .unwrap_or(Action::Other);
        let mut error_code = details
            .get("ErrorCode")
            .filter(|c| !c.eq_ignore_ascii_case("None"));
        if error_code.is_none() && status == Status::Skipped {
            error_code = details.get("SkipReason");
        }

        let (apps, objects): (Vec<&Target<'_>>, Vec<&Target<'_>>) =
            self.target_resources.0.iter().partition(|t| {
                t.kind
                    .get()
                    .is_some_and(|k| k.eq_ignore_ascii_case(APP_RESOURCE_TYPE))
            });
        let app = strings.opt(apps.iter().find_map(|t| t.display_name.get()));
        let source = source_party(strings, details, objects.first().copied(), named);
        let target = Party {
            id: strings.opt(details.get("TargetAnchor")),
            ..Party::default()
        };

        let modified = modified_properties(strings, &objects);
        let step = Step {
            kind: StepKind::parse(activity),
            status,
            name: strings.get(event_name.unwrap_or(activity)),
            description: strings.get(reason.unwrap_or("")),
            details: details
                .0
                .iter()
                .map(|(k, v)| (strings.get(k), strings.get(v.0.as_deref().unwrap_or(""))))
                .collect(),
        };

        Ok(Event {
            id: strings.get(id),
            time: self.activity_date_time.get().and_then(Timestamp::parse),
            record: RecordKind::Audit,
            action,
            activity: strings.get(activity),
            status,
            error_code: strings.opt(error_code),
            reason: strings.opt(reason),
            recommended_action: None,
            job_id: None,
            cycle_id: None,
            change_id: strings.opt(self.correlation_id.get()),
            source_system: None,
            target_system: app.clone(),
            app,
            source,
            target,
            // The name the reason gives, as the provisioning logs' ReportableIdentifier does.
            reportable_id: strings.opt(named.map(|n| n.name)),
            steps: vec![step],
            modified,
            duration_ms: None,
            file: ctx.file,
            span: ctx.span,
        })
    }
}

/// The object in the source: its anchor (else the object target resource's id), and its
/// names and kind from that target resource or from the reason's quoted name.
fn source_party(
    strings: &mut Interner,
    details: &Details<'_>,
    object: Option<&Target<'_>>,
    named: Option<Named<'_>>,
) -> Party {
    let named_upn = named.map(|n| n.name).filter(|n| n.contains('@'));
    let named_display = named.map(|n| n.name).filter(|n| !n.contains('@'));
    let (id, display, kind, upn) = match object {
        Some(o) => (
            o.id.get(),
            o.display_name.get(),
            o.kind.get(),
            o.user_principal_name.get(),
        ),
        None => (None, None, None, None),
    };
    Party {
        id: strings.opt(details.get("SourceAnchor").or(id)),
        display_name: strings.opt(display.or(named_display)),
        kind: strings.opt(kind.or(named.map(|n| n.kind))),
        upn: strings.opt(upn.or(named_upn)),
    }
}

/// The objects' modified properties, values decoded once, the list pseudo-property left out.
fn modified_properties(strings: &mut Interner, objects: &[&Target<'_>]) -> Vec<ModifiedProperty> {
    objects
        .iter()
        .flat_map(|o| &o.modified_properties.0)
        .filter_map(|m| {
            let name = m.display_name.get()?;
            if name.trim().eq_ignore_ascii_case(PROPERTY_LIST) {
                return None;
            }
            Some(ModifiedProperty {
                name: strings.get(name),
                old: strings.opt(decode_once(&m.old_value).as_deref()),
                new: strings.opt(decode_once(&m.new_value).as_deref()),
            })
        })
        .collect()
}

/// True for an event name that says the object was left alone (`EntrySynchronizationSkip`).
fn is_skip(event_name: &str) -> bool {
    event_name.to_ascii_lowercase().contains("skip")
}

/// The object a reason sentence names: `User 'x@y' was created in …` → (`User`, `x@y`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Named<'a> {
    kind: &'a str,
    name: &'a str,
    /// Byte offset just past the closing quote.
    end: usize,
}

fn named_object(reason: &str) -> Option<Named<'_>> {
    let open = reason.find('\'')?;
    let kind = reason[..open].split_whitespace().last()?;
    if !kind.chars().all(char::is_alphabetic) {
        return None;
    }
    // The closing quote is followed by a space or punctuation, so `O'Brien` stays whole.
    let rest = &reason[open + 1..];
    let close =
        rest.char_indices()
            .find(|&(i, c)| {
                c == '\''
                    && rest[i + 1..].chars().next().is_none_or(|n| {
                        n.is_whitespace() || matches!(n, ')' | ',' | '.' | ':' | ';')
                    })
            })
            .map(|(i, _)| i)?;
    let name = rest[..close].trim();
    (!name.is_empty()).then_some(Named {
        kind,
        name,
        end: open + 1 + close + 1,
    })
}

/// The action a reason sentence states: "Failed to update User 'x' …", or the verb that comes
/// first after the object's name ("will be created", "was updated", …).
fn action_in_reason(reason: &str, named: Option<Named<'_>>) -> Option<Action> {
    const VERBS: [(&str, Action); 4] = [
        ("created", Action::Create),
        ("updated", Action::Update),
        ("deleted", Action::Delete),
        ("disabled", Action::Disable),
    ];
    let lower = reason.trim_start().to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("failed to ") {
        let verb = rest.split_whitespace().next().unwrap_or("");
        if let Some(&(_, action)) = VERBS
            .iter()
            .find(|(v, _)| v.strip_suffix('d') == Some(verb))
        {
            return Some(action);
        }
    }
    let text = reason[named.map_or(0, |n| n.end)..].to_ascii_lowercase();
    VERBS
        .iter()
        .filter_map(|&(verb, action)| {
            text.match_indices(verb)
                .find(|&(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + verb.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
                .map(|(at, _)| (at, action))
        })
        .min_by_key(|&(at, _)| at)
        .map(|(_, action)| action)
}

/// A modified property's value decoded once: `"\"Member\""` → `Member`, `"[\"a\",\"b\"]"`
/// → `a, b`, `"[]"` → nothing; text that is not JSON is kept as written.
fn decode_once<'v>(value: &'v Loose<'_>) -> Option<Cow<'v, str>> {
    let raw = value.0.as_deref()?;
    let decoded = match serde_json::from_str::<serde_json::Value>(raw.trim()) {
        Ok(serde_json::Value::String(s)) => Cow::Owned(s),
        Ok(serde_json::Value::Array(items)) => Cow::Owned(
            items
                .iter()
                .filter_map(|v| match v {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Null => None,
                    other => Some(other.to_string()),
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Ok(serde_json::Value::Null) => return None,
        Ok(_) | Err(_) => Cow::Borrowed(raw),
    };
    (!decoded.trim().is_empty()).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose(s: &str) -> Loose<'_> {
        Loose(Some(Cow::Borrowed(s)))
    }

    #[test]
    fn modified_values_are_decoded_once() {
        let decoded = |s: &str| decode_once(&loose(s)).map(|c| c.into_owned());
        assert_eq!(decoded("\"Member\"").as_deref(), Some("Member"));
        assert_eq!(decoded("[\"a\"]").as_deref(), Some("a"));
        assert_eq!(decoded("[\"a\",\"b\"]").as_deref(), Some("a, b"));
        assert_eq!(decoded("[true]").as_deref(), Some("true"));
        assert_eq!(decoded("\"\\\"nested\\\"\"").as_deref(), Some("\"nested\""));
        assert_eq!(decoded("[]"), None);
        assert_eq!(decoded("\"\""), None);
        assert_eq!(decoded("Member").as_deref(), Some("Member"));
        assert_eq!(decoded("[broken").as_deref(), Some("[broken"));
        assert_eq!(decode_once(&Loose(None)), None);
    }

    #[test]
    fn reason_names_the_object_and_the_action() {
        let r = "User 'conan.o'brien@contoso.com' will be created in Fabrikam (User is active)";
        let named = named_object(r).expect("a named object");
        assert_eq!(
            (named.kind, named.name),
            ("User", "conan.o'brien@contoso.com")
        );
        assert_eq!(action_in_reason(r, Some(named)), Some(Action::Create));
        let r = "Received Group 'Sales' change of type (Update) from Azure Active Directory";
        assert_eq!(
            named_object(r).map(|n| (n.kind, n.name)),
            Some(("Group", "Sales"))
        );
        let r = "User 'updated@contoso.com' was disabled in Fabrikam, then updated";
        assert_eq!(action_in_reason(r, named_object(r)), Some(Action::Disable));
        assert_eq!(action_in_reason("The job was quarantined", None), None);
        let r = "Failed to update User 'bob@contoso.com' in Fabrikam; Error: cannot update it";
        assert_eq!(action_in_reason(r, named_object(r)), Some(Action::Update));
        assert_eq!(named_object("It's done"), None);
    }
}
