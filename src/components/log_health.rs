//! The HEALTH row when no job status was loaded: what the logs themselves tell (last
//! activity, the apps seen, the failure rate and how it stands against the quarantine
//! thresholds), what they cannot (job status, quarantine, initial cycle, objects in scope),
//! and how to get the job status file that can. One line, the how-to folded, dismissible.

use provlens_core::advice::{quarantine_risk, QuarantineRisk};
use provlens_core::session::Overview;
use provlens_core::Status;
use yew::prelude::*;

use super::values::{line_text, tip};

use crate::display::{count, percent, plural, relative, time_compact, time_title};
use crate::shared::Shared;

/// Where the job status comes from, as Graph Explorer asks for it.
const GRAPH_URL: &str =
    "GET https://graph.microsoft.com/v1.0/servicePrincipals/{id}/synchronization/jobs";
/// The same with the Microsoft Graph PowerShell SDK.
const POWERSHELL: &str =
    "Get-MgServicePrincipalSynchronizationJob -ServicePrincipalId <id> | ConvertTo-Json -Depth 10 > job.json";

/// Props of [`LogHealth`].
#[derive(Properties, PartialEq)]
pub struct LogHealthProps {
    /// The log's overview: its numbers and the apps its events name.
    pub overview: Shared<Overview>,
    /// The admin hid the row.
    pub on_dismiss: Callback<()>,
}

/// The derived health row.
#[component]
pub fn LogHealth(props: &LogHealthProps) -> Html {
    let apps = &props.overview.apps;
    let s = &props.overview.summary;
    let now = js_sys::Date::now() as i64;
    let failures = s.count(Status::Failure);
    let (risk, at_risk) = risk_words(quarantine_risk(failures, s.events));
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    // The names as logged text (each its own isolate, hidden characters shown).
    let named = if apps.len() <= 3 { apps.len() } else { 2 };
    let app_names = html! {
        <>
            if apps.is_empty() { {"no app named"} }
            { for apps.iter().take(named).enumerate().map(|(i, a)| html! {
                <>{if i > 0 { ", " } else { "" }}{line_text(a)}</>
            }) }
            if apps.len() > named { {format!(", and {} more", count((apps.len() - named) as u64))} }
        </>
    };
    html! {
        <section class="health health-derived" data-testid="health" aria-label="Health, from the logs">
            <div class="health-label"><h2>{"Health"}</h2></div>
            <div class={classes!("health-job", if at_risk { "tone-warn" } else { "tone-unknown" })}>
                <div class="health-line">
                    <span class="hc-k">{"From the logs:"}</span>
                    <span class="hc" title={s.last.map(time_title)}>
                        {"last activity "}
                        <strong class="num">{s.last.map_or_else(|| "—".to_string(), |t| format!("{} {}", time_compact(t), crate::display::zone()))}</strong>
                        if let Some(t) = s.last {
                            <span class="muted">{format!(" ({})", relative(t, now))}</span>
                        }
                    </span>
                    <span class="hc" title={apps.iter().map(|a| tip(a)).collect::<Vec<_>>().join("\n")}>
                        <strong class="num">{plural(apps.len() as u64, "app", "apps")}</strong>
                        <span class="muted">{" ("}{app_names}{")"}</span>
                    </span>
                    <span class="hc">
                        <strong class="num">{percent(failures, s.events)}</strong>
                        {format!(" failed ({} of {})", count(failures), count(s.events))}
                    </span>
                    <span class={classes!("hc", at_risk.then_some("hc-warn"))}
                        title="The service quarantines a job from 5,000 failures on: over 40% of events failing, over 40,000 failures, or over 60,000 in all (Microsoft's documented thresholds, subject to change).">
                        {risk}
                    </span>
                    <button type="button" class="btn btn-quiet health-dismiss" onclick={on_dismiss}
                        title="Hide this row" aria-label="Hide the health row">{"✕"}</button>
                </div>
                <details class="job-howto" data-testid="job-status-howto">
                    <summary>
                        <span class="muted">{"Unknown without the job status: job status, quarantine, initial cycle, objects in scope. "}</span>
                        <span class="howto-link">{"How to get it"}</span>
                    </summary>
                    <div class="howto-body">
                        <p>{"Save the app's synchronization job status as a .json file and drop it here with the logs. "}
                            <span class="muted">{"{id} is the app's Object ID (Enterprise applications → the app → Overview); reading it needs Synchronization.Read.All."}</span></p>
                        <ul>
                            <li>{"Graph Explorer: "}<code class="code">{GRAPH_URL}</code></li>
                            <li>{"PowerShell: "}<code class="code">{POWERSHELL}</code></li>
                        </ul>
                    </div>
                </details>
            </div>
        </section>
    }
}

/// The quarantine risk in words, and whether it is a risk.
fn risk_words(risk: QuarantineRisk) -> (&'static str, bool) {
    match risk {
        QuarantineRisk::BelowEvaluation => ("no quarantine risk yet", false),
        QuarantineRisk::Safe => ("under the quarantine thresholds", false),
        QuarantineRisk::OverProportion => ("quarantine risk: over 40% fail", true),
        QuarantineRisk::OverCount => ("quarantine risk: over 40,000 failures", true),
        QuarantineRisk::OverAbsolute => ("quarantine risk: over 60,000 failures", true),
    }
}
