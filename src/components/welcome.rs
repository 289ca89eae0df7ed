//! The page before anything is loaded: one large drop target with the two ways in (open
//! files, try the demo), what it reads, how to get those files, and the promise that nothing
//! leaves the tab.

use web_sys::File;
use yew::prelude::*;

use super::load_progress::LoadProgressBar;
use super::open_files::OpenFiles;
use provlens::protocol::BatchProgress;

/// Props of [`Welcome`].
#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    /// The load in flight, if any.
    pub loading: Option<BatchProgress>,
    /// Files were chosen with the picker.
    pub on_files: Callback<Vec<File>>,
    /// The admin asked for the demo.
    pub on_demo: Callback<()>,
    /// The admin stopped the load.
    pub on_cancel: Callback<()>,
}

/// The empty state: the drop zone.
#[component]
pub fn Welcome(props: &WelcomeProps) -> Html {
    let on_demo = props.on_demo.reform(|_: MouseEvent| ());
    let busy = props.loading.is_some();
    html! {
        <main class="welcome">
            <section class="drop-zone" data-testid="drop-zone" aria-label="Load provisioning logs">
                <div class="drop-icon" aria-hidden="true">{"⇩"}</div>
                <h1>{"Drop provisioning or audit log exports here"}</h1>
                <p class="lead">
                    {"See which users were provisioned, skipped or failed, and why, from Microsoft Entra ID provisioning logs."}
                </p>
                <div class="drop-actions">
                    <OpenFiles label="Open files" primary=true on_files={props.on_files.clone()} />
                    <button type="button" class="btn" data-testid="demo" onclick={on_demo} disabled={busy}>
                        {"Try the demo"}
                    </button>
                </div>
                if let Some(progress) = &props.loading {
                    <LoadProgressBar progress={progress.clone()} on_cancel={props.on_cancel.clone()} />
                }
                <p class="promise">
                    <strong>{"Files are read in this browser tab; nothing is uploaded."}</strong>
                    {" The page works offline once opened."}
                </p>
            </section>
            <section class="welcome-help" aria-label="What it reads">
                <div class="help-block">
                    <h2>{"Reads"}</h2>
                    <ul>
                        <li><strong>{"Provisioning logs"}</strong>{" — the portal's Download (JSON, or its three CSV files together), Graph pages "}<code>{"{\"value\": [...]}"}</code>{" (v1.0, beta and the legacy beta shape), JSON lines"}</li>
                        <li><strong>{"Audit logs"}</strong>{" of the provisioning service — Graph pages, the portal's JSON or CSV download"}</li>
                        <li><strong>{"Azure Monitor"}</strong>{" diagnostic records and "}<strong>{"Log Analytics"}</strong>{" exports"}</li>
                        <li><strong>{"Job status"}</strong>{" — job health, quarantine and why, initial cycle, objects in scope; and Provision on demand results"}</li>
                        <li>{"Several files at once: duplicates are merged"}</li>
                    </ul>
                </div>
                <div class="help-block">
                    <h2>{"How to get them"}</h2>
                    <ul>
                        <li><strong>{"Entra admin center"}</strong>{": Enterprise apps › your app › Provisioning logs › Download › JSON"}</li>
                        <li><strong>{"Graph Explorer"}</strong>{": "}<code>{"GET https://graph.microsoft.com/v1.0/auditLogs/provisioning"}</code></li>
                        <li><strong>{"PowerShell"}</strong>{": "}<code>{"Get-MgAuditLogProvisioning -All | ConvertTo-Json -Depth 10"}</code></li>
                        <li><strong>{"Job status"}</strong>{": "}<code>{"GET https://graph.microsoft.com/v1.0/servicePrincipals/{id}/synchronization/jobs"}</code>
                            {" or "}<code>{"Get-MgServicePrincipalSynchronizationJob -ServicePrincipalId <id> | ConvertTo-Json -Depth 10"}</code></li>
                    </ul>
                </div>
            </section>
        </main>
    }
}
