//! A modified property's value as the admin reads it: the logs often carry JSON inside the
//! string (`"[\"Sales\"]"`, `"{\"value\":…}"`, `"\"x\""`); it is decoded for display (one
//! string shown bare, a list of strings joined, anything else as compact JSON). The raw text
//! stays in the title.

use yew::prelude::*;

/// The value decoded for display.
pub fn decode(raw: &str) -> String {
    let t = raw.trim();
    if !(t.starts_with('[') || t.starts_with('{') || t.starts_with('"')) {
        return raw.to_string();
    }
    match serde_json::from_str::<serde_json::Value>(t) {
        Ok(serde_json::Value::String(s)) => decode(&s),
        Ok(serde_json::Value::Array(items)) if items.iter().all(|i| i.is_string()) => items
            .iter()
            .filter_map(|i| i.as_str())
            .map(decode)
            .collect::<Vec<_>>()
            .join(", "),
        Ok(v) => v.to_string(),
        Err(_) => raw.to_string(),
    }
}

/// A value cell: decoded, the raw text on hover, "(empty)" when absent.
pub fn value(v: Option<&str>) -> Html {
    match v {
        Some(v) if !v.trim().is_empty() => {
            let shown = decode(v);
            let title = (shown != v).then(|| format!("As logged: {v}"));
            html! { <span class="mono value" {title}>{shown}</span> }
        }
        _ => html! { <span class="muted">{"(empty)"}</span> },
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn json_in_strings_is_decoded_for_display() {
        assert_eq!(decode("Sales"), "Sales");
        assert_eq!(decode("[\"Sales\"]"), "Sales");
        assert_eq!(decode("[\"a\",\"b\"]"), "a, b");
        assert_eq!(decode("\"x\""), "x");
        assert_eq!(decode("{\"a\":1}"), "{\"a\":1}");
        assert_eq!(decode("[not json"), "[not json");
    }
}
