//! Every modified property of an identity across its changes: grouped by attribute, each
//! attribute's values old → new in time order. A value carried by a failed (or skipped)
//! change was not written to the target: it is marked so.

use std::collections::BTreeMap;

use provlens_core::timeline::AttributeChange;
use provlens_core::Status;
use yew::prelude::*;

use super::values::{text, value};
use crate::display::{glyph, time, time_title};

/// Props of [`AttributeHistory`].
#[derive(Properties, PartialEq)]
pub struct AttributeHistoryProps {
    /// The identity's attribute changes, oldest first.
    pub attributes: Vec<AttributeChange>,
    /// An entry was clicked: its event.
    pub on_select: Callback<u32>,
    /// Starts closed (beside an event's details, where the changes need the room).
    #[prop_or_default]
    pub closed: bool,
}

/// The attribute history inside the timeline.
#[component]
pub fn AttributeHistory(props: &AttributeHistoryProps) -> Html {
    if props.attributes.is_empty() {
        return html! {};
    }
    // Grouped by attribute (first seen first), each group in time order.
    let mut order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<&str, Vec<&AttributeChange>> = BTreeMap::new();
    for a in &props.attributes {
        let name: &str = &a.name;
        if !groups.contains_key(name) {
            order.push(name);
        }
        groups.entry(name).or_default().push(a);
    }
    for g in groups.values_mut() {
        g.sort_by_key(|a| a.time);
    }
    let names = order.len();
    html! {
        <details class="attribute-history" data-testid="attribute-history" open={!props.closed && names <= 12}>
            <summary>
                <h3>{"Attribute history"}</h3>
                <span class="muted">{format!(" {names} attribute{}, {} value{}", if names == 1 { "" } else { "s" },
                    props.attributes.len(), if props.attributes.len() == 1 { "" } else { "s" })}</span>
            </summary>
            <table class="props attr-table">
                <thead><tr><th scope="col">{"Attribute"}</th><th scope="col">{"When"}</th><th scope="col">{"Old → new"}</th></tr></thead>
                <tbody>
                    { for order.iter().flat_map(|name| {
                        let rows = &groups[name];
                        let n = rows.len();
                        rows.iter().enumerate().map(move |(i, a)| entry(name, a, i == 0, n, &props.on_select)).collect::<Vec<_>>()
                    }) }
                </tbody>
            </table>
        </details>
    }
}

fn entry(
    name: &str,
    a: &AttributeChange,
    first: bool,
    rows: usize,
    on_select: &Callback<u32>,
) -> Html {
    let written = matches!(a.status, Status::Success | Status::Warning);
    let event = a.event;
    let onclick = on_select.reform(move |_: MouseEvent| event);
    html! {
        <tr class={classes!("attr-change", format!("st-{}", a.status.as_str()), (!written).then_some("not-written"))}
            data-testid="attribute-change" data-name={name.to_string()} data-status={a.status.as_str()}
            data-written={written.to_string()}>
            if first {
                <th scope="rowgroup" rowspan={rows.to_string()}>{text(name)}</th>
            }
            <td class="num">
                <button type="button" class="link" {onclick} title={a.time.map(time_title)}>
                    {a.time.map_or_else(|| "—".to_string(), time)}
                </button>
            </td>
            <td>
                <span class="attr-old">{value(a.old.as_deref())}</span>
                <span class="arrow" aria-label="to">{" → "}</span>
                <span class="attr-new">{value(a.new.as_deref())}</span>
                if !written {
                    <span class={classes!("not-written-tag", format!("st-{}", a.status.as_str()))}
                        title="This change did not succeed: the target was not updated with this value">
                        {glyph(a.status)}{" not written"}
                    </span>
                }
            </td>
        </tr>
    }
}
