//! The synchronization job status of the tenant's first app (FORMATS.md §4), as `GET
//! /servicePrincipals/{id}/synchronization/jobs` answers after the generated events: its last
//! cycle as `lastExecution` (`EntryLevelErrors` when a change failed in it), the last cycle
//! without failures as `lastSuccessfulExecution`, steady state first reached at the end of the
//! initial cycle, and the users it holds by type.

use super::event::{Event, Status};
use super::json::Json;
use super::random::rfc3339_ticks;
use super::tenant::Tenant;

/// One provisioning cycle of the job, as far as the events show it.
#[derive(Clone, Default)]
struct Execution {
    id: String,
    began: u64,
    ended: u64,
    imported: u64,
    exported: u64,
    escrowed: u64,
}

/// Follows the events of the first app's job, cycle by cycle.
#[derive(Default)]
pub(super) struct Job {
    current: Option<Execution>,
    last_successful: Option<Execution>,
    /// When the initial cycle ended.
    steady_first: Option<u64>,
}

impl Job {
    /// Counts one event in its cycle.
    pub(super) fn observe(&mut self, event: &Event) {
        if event.app != 0 {
            return;
        }
        if self
            .current
            .as_ref()
            .is_some_and(|c| c.id != event.cycle_id)
        {
            self.end_cycle();
            self.current = None;
        }
        let cycle = self.current.get_or_insert_with(|| Execution {
            id: event.cycle_id.clone(),
            began: event.secs,
            ..Execution::default()
        });
        // The cycle ends a moment after its last change.
        cycle.ended = event.secs + 1 + event.duration / 1000;
        cycle.imported += 1;
        match event.status {
            Status::Success => cycle.exported += 1,
            Status::Failure => cycle.escrowed += 1,
            Status::Skipped => {}
        }
    }

    fn end_cycle(&mut self) {
        let Some(cycle) = &self.current else { return };
        self.steady_first.get_or_insert(cycle.ended);
        if cycle.escrowed == 0 {
            self.last_successful = Some(cycle.clone());
        }
    }

    /// Writes the job list (of one job) as Graph answers it.
    pub(super) fn write(mut self, json: &mut Json, tenant: &Tenant) {
        let last = self.current.clone();
        self.end_cycle();
        let app = &tenant.apps[0];
        let (assigned, held) = tenant.accounts(0);
        let time = |secs: u64| rfc3339_ticks(secs, 0, "Z");
        json.open('{');
        json.field(
            "@odata.context",
            &format!(
                "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('{}')/synchronization/jobs",
                app.service_principal_id
            ),
        );
        json.key("value");
        json.open('[');
        json.open('{');
        json.field("id", &app.job_id);
        json.field("templateId", app.template);
        json.key("schedule");
        json.open('{');
        json.field_or_null("expiration", None);
        json.field("interval", "PT40M");
        json.field("state", "Active");
        json.close('}');
        json.key("status");
        json.open('{');
        json.field("code", if last.is_some() { "Active" } else { "NotRun" });
        json.key("countSuccessiveCompleteFailures");
        json.number(0);
        json.key("escrowsPruned");
        json.bool(false);
        let executions = [
            ("lastExecution", last.as_ref()),
            ("lastSuccessfulExecution", self.last_successful.as_ref()),
            (
                "lastSuccessfulExecutionWithExports",
                self.last_successful.as_ref(),
            ),
        ];
        for (key, execution) in executions {
            json.key(key);
            let Some(e) = execution else {
                json.null();
                continue;
            };
            json.open('{');
            json.field("activityIdentifier", &e.id);
            for (count, n) in [
                ("countEntitled", assigned),
                ("countEntitledForProvisioning", assigned),
                ("countEscrowed", e.escrowed),
                ("countEscrowedRaw", e.escrowed),
                ("countExported", e.exported),
                ("countExports", e.exported),
                ("countImported", e.imported),
                ("countImportedDeltas", 0),
                ("countImportedReferenceDeltas", 0),
            ] {
                json.key(count);
                json.number(n);
            }
            json.key("error");
            json.open('{');
            json.field("code", "None");
            json.field("message", "");
            json.key("tenantActionable");
            json.bool(false);
            json.close('}');
            let state = if e.escrowed > 0 {
                "EntryLevelErrors"
            } else {
                "Succeeded"
            };
            json.field("state", state);
            json.field("timeBegan", &time(e.began));
            json.field("timeEnded", &time(e.ended));
            json.close('}');
        }
        json.key("progress");
        json.open('[');
        json.close(']');
        json.key("quarantine");
        json.null();
        let steady_last = self.last_successful.as_ref().map(|e| e.ended);
        for (key, when) in [
            ("steadyStateFirstAchievedTime", self.steady_first),
            ("steadyStateLastAchievedTime", steady_last),
        ] {
            // Graph's "never".
            json.field(
                key,
                &when.map_or_else(|| "0001-01-01T00:00:00Z".to_string(), time),
            );
        }
        json.key("synchronizedEntryCountByType");
        json.open('[');
        json.open('{');
        json.field(
            "key",
            &format!("user to {}", app_user_type(app.target_type)),
        );
        json.key("value");
        json.number(held);
        json.close('}');
        json.close(']');
        json.field_or_null("troubleshootingUrl", None);
        json.close('}');
        json.key("synchronizationJobSettings");
        json.open('[');
        json.open('{');
        json.field("name", "QuarantineTooManyDeletesThreshold");
        json.field("value", "500");
        json.close('}');
        json.close(']');
        json.close('}');
        json.close(']');
        json.close('}');
    }
}

/// The target object type in `synchronizedEntryCountByType` keys.
fn app_user_type(identity_type: &str) -> &str {
    identity_type.rsplit(':').next().unwrap_or(identity_type)
}
