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
            let title = (shown != v).then(|| format!("As logged: {}", tip(v)));
            html! { <span class="mono value" {title}>{text(&shown)}</span> }
        }
        _ => html! { <span class="muted">{"(empty)"}</span> },
    }
}

/// Whether `c` is a character a value could hide in or reorder the page with (bidi
/// controls, zero-width characters): the page shows each visibly (⟨U+202E⟩) instead of
/// letting it act.
pub use provlens_core::text::is_hidden;

/// The visible form of a hidden character: `⟨U+202E⟩`.
fn marker(c: char) -> String {
    format!("⟨U+{:04X}⟩", c as u32)
}

/// What a hidden character is, for the marker's tooltip.
fn hidden_name(c: char) -> &'static str {
    match c {
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{200E}' | '\u{200F}' => {
            "A bidirectional-text control character in the logged value: shown here instead of being allowed to reorder the text"
        }
        _ => "An invisible character in the logged value",
    }
}

/// `s` with each hidden character written as its marker, for attributes and list options,
/// which cannot hold markup.
pub fn plain(s: &str) -> String {
    replace_hidden(s, marker)
}

/// JSON text with each hidden character written as its `\uXXXX` escape: the same JSON,
/// with nothing left to reorder or hide the text around it (they appear only in strings).
pub fn escape_hidden(json: &str) -> String {
    replace_hidden(json, |c| format!("\\u{:04x}", c as u32))
}

/// `s` with each hidden character replaced by what `write` makes of it.
fn replace_hidden(s: &str, write: impl Fn(char) -> String) -> String {
    if !s.chars().any(is_hidden) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if is_hidden(c) {
                write(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Characters of a value shown at once; a longer one shows its start, and the whole of it
/// one click away (a 1 MB reason would otherwise be pages of one word).
pub const SHOWN: usize = 2_000;

/// Characters of a value in a one-line place (a grid cell, a tooltip): the rest is cut.
pub const IN_LINE: usize = 500;

/// The first `n` characters of `s` (all of it when shorter), and whether it was cut.
pub fn head(s: &str, n: usize) -> (&str, bool) {
    match s.char_indices().nth(n) {
        Some((i, _)) => (&s[..i], true),
        None => (s, false),
    }
}

/// `s` cut to `n` characters, with "…" where it was cut.
pub fn cut(s: &str, n: usize) -> std::borrow::Cow<'_, str> {
    match head(s, n) {
        (h, true) => format!("{h}…").into(),
        (h, false) => h.into(),
    }
}

/// Logged text as the page shows it: in a bidi isolate of its own (`<bdi>`, its direction
/// taken from its content), so that nothing in it can reorder the page around it, and with
/// each hidden character shown as a marker (see [`is_hidden`]). Past [`SHOWN`] characters,
/// the start is shown and a disclosure holds the whole value.
pub fn text(s: &str) -> Html {
    match head(s, SHOWN) {
        (_, false) => revealed(s),
        (start, true) => {
            let total = s.chars().count();
            html! {
                <>
                    {revealed(start)}{"…"}
                    <details class="more-text" data-testid="more-text">
                        <summary>{format!("Show all {} characters", crate::display::count(total as u64))}</summary>
                        <div class="more-text-body">{revealed(s)}</div>
                    </details>
                </>
            }
        }
    }
}

/// Logged text in a one-line place: as [`text`], cut at [`IN_LINE`] characters.
pub fn line_text(s: &str) -> Html {
    revealed(&cut(s, IN_LINE))
}

/// A tooltip of logged text: hidden characters written out, cut at [`IN_LINE`] characters.
pub fn tip(s: &str) -> String {
    plain(&cut(s, IN_LINE))
}

fn revealed(s: &str) -> Html {
    if !s.chars().any(is_hidden) {
        return html! { <bdi>{s.to_string()}</bdi> };
    }
    let mut parts: Vec<Html> = Vec::new();
    let mut run = String::new();
    for c in s.chars() {
        if is_hidden(c) {
            if !run.is_empty() {
                parts.push(html! { {std::mem::take(&mut run)} });
            }
            parts.push(html! { <span class="ctl" title={hidden_name(c)}>{marker(c)}</span> });
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        parts.push(html! { {run} });
    }
    html! { <bdi>{ for parts }</bdi> }
}

#[cfg(test)]
mod tests {
    use super::{cut, decode, escape_hidden, plain};

    #[test]
    fn json_in_strings_is_decoded_for_display() {
        assert_eq!(decode("Sales"), "Sales");
        assert_eq!(decode("[\"Sales\"]"), "Sales");
        assert_eq!(decode("[\"a\",\"b\"]"), "a, b");
        assert_eq!(decode("\"x\""), "x");
        assert_eq!(decode("{\"a\":1}"), "{\"a\":1}");
        assert_eq!(decode("[not json"), "[not json");
    }

    #[test]
    fn hidden_characters_are_written_out() {
        assert_eq!(plain("a\u{202E}b\u{200B}"), "a⟨U+202E⟩b⟨U+200B⟩");
        assert_eq!(plain("plain"), "plain");
        assert_eq!(plain("שלום"), "שלום");
    }

    #[test]
    fn long_values_are_cut_at_a_character() {
        assert_eq!(cut("abcdef", 3), "abc…");
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("ééé", 2), "éé…");
    }

    #[test]
    fn raw_json_escapes_hidden_characters() {
        let json = serde_json::to_string(&"a\u{202E}b").expect("a string");
        let escaped = escape_hidden(&json);
        assert_eq!(escaped, "\"a\\u202eb\"");
        assert_eq!(
            serde_json::from_str::<String>(&escaped).expect("valid JSON"),
            "a\u{202E}b"
        );
    }
}
