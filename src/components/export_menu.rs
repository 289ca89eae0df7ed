//! Leaving with the result: the filtered events as CSV or JSON (written by the reader,
//! saved by the browser as a download: nothing goes over the network), and the current
//! filter as a Log Analytics (KQL) query for AADProvisioningLogs or AuditLogs, copied to
//! the clipboard and shown in a small popover, so it can be copied by hand where the
//! browser refuses the clipboard.

use provlens_core::kql::KqlTable;
use provlens_core::session::ExportFormat;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`ExportMenu`].
#[derive(Properties, PartialEq)]
pub struct ExportMenuProps {
    /// Events matching (nothing to export when none).
    pub shown: u32,
    /// The query written as KQL, once the reader wrote it.
    pub kql: Option<AttrValue>,
    /// Export the current result.
    pub on_export: Callback<ExportFormat>,
    /// Write the current query as KQL for this table.
    pub on_kql: Callback<KqlTable>,
    /// The popover was closed.
    pub on_close: Callback<()>,
}

/// Where the copied state of a query stands.
#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Pending,
    Yes,
    No,
}

/// The export and KQL buttons, and the KQL popover.
#[component]
pub fn ExportMenu(props: &ExportMenuProps) -> Html {
    let table = use_state_eq(|| KqlTable::Provisioning);
    let copied = use_state_eq(|| Copied::Pending);
    {
        let copied = copied.clone();
        use_effect_with(props.kql.clone(), move |kql| {
            copied.set(Copied::Pending);
            if let Some(text) = kql.clone() {
                spawn_local(async move {
                    let ok = crate::save::copy(&text).await;
                    copied.set(if ok { Copied::Yes } else { Copied::No });
                });
            }
        });
    }
    let export = |format: ExportFormat| {
        let on_export = props.on_export.clone();
        Callback::from(move |_: MouseEvent| on_export.emit(format))
    };
    let copy = {
        let (on_kql, table) = (props.on_kql.clone(), table.clone());
        Callback::from(move |_: MouseEvent| on_kql.emit(*table))
    };
    let on_table = {
        let (on_kql, table, open) = (props.on_kql.clone(), table.clone(), props.kql.is_some());
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                let t = if s.value() == "audit" {
                    KqlTable::Audit
                } else {
                    KqlTable::Provisioning
                };
                table.set(t);
                if open {
                    on_kql.emit(t);
                }
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let none = props.shown == 0;
    let table_value = if *table == KqlTable::Audit {
        "audit"
    } else {
        "provisioning"
    };
    html! {
        <div class="export-menu" role="group" aria-label="Export">
            <button type="button" class="btn btn-small" data-testid="export-csv" onclick={export(ExportFormat::Csv)} disabled={none}
                title="Download the filtered events as CSV">{"⤓ CSV"}</button>
            <button type="button" class="btn btn-small" data-testid="export-json" onclick={export(ExportFormat::Json)} disabled={none}
                title="Download the filtered events as JSON">{"⤓ JSON"}</button>
            <span class="kql-group">
                <button type="button" class="btn btn-small" data-testid="copy-kql" onclick={copy}
                    title="Copy the current filter as a Log Analytics query">{"Copy KQL"}</button>
                <select class="kql-table" data-testid="kql-table" aria-label="KQL table" onchange={on_table} value={table_value}>
                    <option value="provisioning" selected={table_value == "provisioning"}>{"AADProvisioningLogs"}</option>
                    <option value="audit" selected={table_value == "audit"}>{"AuditLogs"}</option>
                </select>
            </span>
            if let Some(text) = &props.kql {
                <div class="popover kql-popover" data-testid="kql-popover" role="dialog" aria-label="Log Analytics query">
                    <div class="popover-head">
                        <strong>{"Log Analytics query"}</strong>
                        <span class="muted" aria-live="polite">{match *copied {
                            Copied::Pending => "",
                            Copied::Yes => "copied to the clipboard",
                            Copied::No => "select and copy it (the browser kept the clipboard)",
                        }}</span>
                        <span class="spacer" />
                        <button type="button" class="btn btn-small" onclick={close} aria-label="Close">{"✕"}</button>
                    </div>
                    <textarea class="kql-text num" data-testid="kql-text" readonly=true rows="8" spellcheck="false"
                        value={text.clone()} />
                </div>
            }
        </div>
    }
}
