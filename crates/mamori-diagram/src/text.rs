//! Text width estimates. The renderer never measures fonts (no IO), so widths are
//! estimated conservatively: a full-width character (kanji, kana, full-width forms) is
//! 1 em, anything else 0.6 em. Labels are cut with "…" to fit their box, so an
//! estimate that errs wide can only shorten a label, never make two labels overlap.

/// Estimated width of `text` in pixels at `size` pixels per em.
pub fn text_width(text: &str, size: i32) -> i32 {
    let tenths: i64 = text.chars().map(char_tenths).sum();
    let pixels = (tenths * i64::from(size) + 9) / 10;
    i32::try_from(pixels).unwrap_or(i32::MAX)
}

/// Width of one character in tenths of an em.
fn char_tenths(c: char) -> i64 {
    if is_full_width(c) { 10 } else { 6 }
}

/// CJK, kana, full-width forms and symbols that Japanese fonts draw 1 em wide.
fn is_full_width(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2460..=0x24FF // enclosed numbers ①
        | 0x25A0..=0x27BF // geometric shapes, dingbats (★ ■ ▸)
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x2026 // … is drawn full width by CJK fonts
    )
}

/// `text` cut to at most `max_width` pixels, ending in "…" when it was cut.
pub fn fit(text: &str, size: i32, max_width: i32) -> String {
    if text_width(text, size) <= max_width {
        return text.to_owned();
    }
    let ellipsis = text_width("…", size);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let width = (char_tenths(c) * i64::from(size) + 9) / 10;
        let width = i32::try_from(width).unwrap_or(i32::MAX);
        if used + width + ellipsis > max_width {
            break;
        }
        used += width;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, size: i32, max: i32, expected: &str) {
        let got = fit(text, size, max);
        assert_eq!(got, expected);
        assert!(text_width(&got, size) <= max.max(text_width("…", size)));
    }

    #[test]
    fn full_width_is_one_em_and_cut_text_fits() {
        assert_eq!(text_width("電子カルテ", 10), 50);
        assert_eq!(text_width("VLAN 10", 10), 42);
        check("電子カルテ系", 10, 60, "電子カルテ系");
        check("電子カルテ系（本館）", 10, 60, "電子カルテ…");
        check("FortiGate-100F", 10, 40, "Forti…");
    }
}
