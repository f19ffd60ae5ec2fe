//! Lower case for matching names without regard to case (team names, column headers, month
//! names), without the standard library's full Unicode case tables, which would add about 10 KB
//! gzip to the dashboard; and which characters make words (without its alphabet tables).
//!
//! Covered: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals, which is every letter
//! of the European languages. Other scripts' letters are left as they are, so names in them match
//! with their exact case only.

/// The lower-case form of `c` (itself when it has none, or is outside the covered scripts).
pub fn lower(c: char) -> char {
    let u = c as u32;
    let to = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        0x7F..=0xFF => u,
        // Latin Extended-A: capital and small letters alternate, with two shifts of phase.
        0x130 => 'i' as u32,
        0x100..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        0x178 => 0xFF,
        // Greek: the accented capitals, then the alphabet.
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 0x3F,
        0x391..=0x3A1 | 0x3A3..=0x3AB => u + 0x20,
        // Cyrillic: Ѐ–Џ, then А–Я.
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        _ => u,
    };
    char::from_u32(to).unwrap_or(c)
}

/// `s` in lower case (see [`lower`]).
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower).collect()
}

/// A character of a word when names are cut into words (column headers, file names): ASCII
/// letters and digits, and every character beyond ASCII except spaces, Latin-1's signs (`«`, `°`,
/// `×`, …) and general punctuation (dashes, quotes, bullets). The standard library's
/// `is_alphanumeric` would bring its Unicode alphabet and number tables to the dashboard.
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    c.is_ascii_alphanumeric()
        || (u > 0x7F
            && !(0x80..=0xBF).contains(&u)
            && u != 0xD7
            && u != 0xF7
            && !(0x2000..=0x206F).contains(&u)
            && !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Letters and digits of any script are word characters; spaces, punctuation and signs are not.
    #[test]
    fn word_characters() {
        for c in ['a', 'Z', '0', 'é', 'ß', 'Ж', 'λ', '日', 'ا'] {
            assert!(is_word_char(c), "{c}");
        }
        for c in [' ', '_', '-', '(', '·', '«', '°', '×', '–', '“', '•', '\u{a0}', '\u{3000}'] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    /// Every covered capital lowers as the standard library lowers it, and no character lowers
    /// to anything else.
    #[test]
    fn lowers_like_the_standard_library_in_the_covered_scripts() {
        let covered = |u: u32| u < 0x180 || (0x386..=0x3AB).contains(&u) || (0x400..=0x42F).contains(&u);
        for u in 0..0x2000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let std: Vec<char> = c.to_lowercase().collect();
            let ours = lower(c);
            if u == 0x130 {
                // İ lowers to i and a combining dot; one character is kept.
                assert_eq!(ours, 'i');
            } else if covered(u) {
                assert_eq!(vec![ours], std, "U+{u:04X}");
            } else {
                assert!(ours == c || vec![ours] == std, "U+{u:04X}");
            }
        }
        assert_eq!(lowercase("ZÜRICH Платежи ΑΘΗΝΑ Łódź"), "zürich платежи αθηνα łódź");
        assert_eq!(lowercase("Payments"), "payments");
    }
}
