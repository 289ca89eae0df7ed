//! The answer of `POST …/synchronization/jobs/{id}/provisionOnDemand`: an object whose `key`
//! and `value` are JSON *text*. `key` holds the outcome (`{"result": "Skipped", "details":
//! {"errorCode", "errorMessage"}}`); `value` a provisioningObjectSummary of its own shape
//! (`changeId`, `startTime`/`endTime`, steps with `type`/`status`/`timestamp`, `statusInfo`,
//! `reportableIdentifier`, `sourceIdentity{id,type,displayName,details}`,
//! `sourceSystem{id,name}`), read by the provisioning importer into one event.
//!
//! Step details may hold further JSON text (e.g. `ScopeEvaluationResult`); like the Graph
//! importer, it is kept as text.

use serde::Deserialize;

use super::graph_provisioning::{event_from, Record, Stated};
use super::value::Loose;
use super::{Ctx, Imported};
use crate::event::Status;
use crate::time::Timestamp;

#[derive(Deserialize)]
struct Response<'a> {
    #[serde(borrow, default, alias = "Key")]
    key: Loose<'a>,
    #[serde(borrow, default, alias = "Value")]
    value: Loose<'a>,
}

/// The decoded `key`.
#[derive(Deserialize, Default)]
struct Outcome<'a> {
    #[serde(borrow, default, alias = "Result")]
    result: Loose<'a>,
    #[serde(borrow, default, alias = "Details")]
    details: Option<OutcomeDetails<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct OutcomeDetails<'a> {
    #[serde(borrow, default, alias = "ErrorCode")]
    error_code: Loose<'a>,
    #[serde(borrow, default, alias = "ErrorMessage")]
    error_message: Loose<'a>,
}

/// The decoded `value`: the provisioning record plus the fields only this answer has.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer<'a> {
    #[serde(borrow, default, alias = "StartTime")]
    start_time: Loose<'a>,
    #[serde(borrow, default, alias = "EndTime")]
    end_time: Loose<'a>,
    #[serde(borrow, default, alias = "ReportableIdentifier")]
    reportable_identifier: Loose<'a>,
    #[serde(borrow, default, alias = "ChangeId")]
    change_id: Loose<'a>,
    #[serde(borrow, flatten)]
    record: Record<'a>,
}

/// Reads one provisionOnDemand answer into its event.
pub(crate) fn read(bytes: &[u8], ctx: &mut Ctx<'_>) -> Result<Imported, serde_json::Error> {
    let response: Response<'_> = serde_json::from_slice(bytes)?;
    let Some(value) = response.value.get() else {
        return Ok(Imported::NotMine);
    };
    let answer: Answer<'_> = match serde_json::from_str(value) {
        Ok(answer) => answer,
        Err(e) => {
            return Ok(Imported::Skip(format!(
                "this provisionOnDemand answer's \"value\" is not the JSON of a provisioning event: {e}"
            )))
        }
    };
    // The outcome is optional: without it, the value's own status and steps decide.
    let outcome: Outcome<'_> = match response.key.get() {
        Some(key) => serde_json::from_str(key).unwrap_or_default(),
        None => Outcome::default(),
    };
    let details = outcome.details.unwrap_or_default();
    let Some(change_id) = answer.change_id.get() else {
        return Ok(Imported::Skip(
            "this provisionOnDemand answer has no \"changeId\"".to_string(),
        ));
    };
    let start = answer.start_time.get().and_then(Timestamp::parse);
    let end = answer.end_time.get().and_then(Timestamp::parse);
    let stated = Stated {
        id: Some(change_id),
        change_id: Some(change_id),
        time: start.or(end),
        status: outcome.result.get().and_then(Status::parse),
        error_code: details.error_code.get(),
        reason: details.error_message.get(),
        reportable_id: answer.reportable_identifier.get(),
        duration_ms: start
            .zip(end)
            .and_then(|(s, e)| u64::try_from(e.0 - s.0).ok()),
    };
    Ok(event_from(answer.record, &stated, ctx))
}
