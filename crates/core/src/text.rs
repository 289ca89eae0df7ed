//! Characters a logged value can hide in, or reorder the text around it with: the bidi
//! embeddings, overrides, isolates and marks, and the zero-width and invisible format
//! characters. The page shows each as a visible marker, the raw JSON as a `\u` escape, and
//! the KQL query by its code point, so none of them acts where a value is shown. And how a
//! count is written for people, in the page and in the core's messages alike.

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether `c` is such a character.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::is_hidden;

    #[test]
    fn bidi_controls_and_zero_width_characters_are_hidden_letters_are_not() {
        for c in [
            '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{200F}',
        ] {
            assert!(is_hidden(c), "{:04X}", c as u32);
        }
        for c in ['a', 'ש', 'م', ' ', '\u{00A0}', 'é'] {
            assert!(!is_hidden(c), "{:04X}", c as u32);
        }
    }
}
