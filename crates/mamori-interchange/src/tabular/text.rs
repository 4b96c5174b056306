//! Text normalisation for what people type into spreadsheets: full-width and half-width
//! forms, header decorations like 「（任意）」, and the many list separators in use.

/// Folds full-width ASCII (ＩＰ１２３), the ideographic space and half-width katakana
/// (ﾒｰｶｰ) to the forms mamori writes, so that either spelling is recognised.
pub(crate) fn fold_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{3000}' => out.push(' '),
            '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            '\u{FF61}'..='\u{FF9F}' => {
                let base = halfwidth_katakana(c);
                match chars.peek() {
                    Some('\u{FF9E}') => {
                        chars.next();
                        out.push(voiced(base, 1));
                    }
                    Some('\u{FF9F}') => {
                        chars.next();
                        out.push(voiced(base, 2));
                    }
                    _ => out.push(base),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Full-width katakana (and punctuation) for U+FF61..U+FF9F, in code-point order.
const HALFWIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

fn halfwidth_katakana(c: char) -> char {
    let index = c as usize - 0xFF61;
    HALFWIDTH_KANA.chars().nth(index).unwrap_or(c)
}

/// Adds a dakuten (1) or handakuten (2) to a full-width katakana where one exists.
fn voiced(base: char, mark: u32) -> char {
    let dakuten = "カキクケコサシスセソタチツテトハヒフヘホ";
    let handakuten = "ハヒフヘホ";
    let shifted = match mark {
        1 if dakuten.contains(base) => Some(base as u32 + 1),
        2 if handakuten.contains(base) => Some(base as u32 + 2),
        1 if base == 'ウ' => Some('ヴ' as u32),
        _ => None,
    };
    shifted.and_then(char::from_u32).unwrap_or(base)
}

/// The comparison key of a header, sheet name or code label: width-folded, lower case,
/// without spaces, underscores, hyphens and dots, so "IP アドレス", "ＩＰアドレス" and
/// "ip_addresses" style spellings meet.
pub(crate) fn match_key(text: &str) -> String {
    fold_width(text)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '・'))
        .collect()
}

/// The comparison key of a header: like [`match_key`] but also without decorations that
/// hospital sheets add: a trailing 「（任意）」「(必須)」, 「*」 or 「※」.
pub(crate) fn header_key(text: &str) -> String {
    let mut folded = fold_width(text).trim().to_owned();
    loop {
        let before = folded.len();
        folded = folded.trim_end_matches(['*', '※', ' ']).to_owned();
        if let Some(open) = folded
            .rfind('(')
            .filter(|open| *open > 0 && folded.ends_with(')'))
        {
            folded.truncate(open);
        }
        if folded.len() == before {
            break;
        }
    }
    match_key(&folded)
}

/// Splits a cell of simple values (addresses, codes, ids): `;` `,` `、` and line breaks.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    fold_width(text)
        .split([';', ',', '、', '\n', '\r'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Splits a cell of composite items (software, contacts, log-on places) whose parts may
/// contain commas: only `;` and line breaks separate items.
pub(crate) fn split_items(text: &str) -> Vec<String> {
    text.split([';', '；', '\n', '\r'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, folded: &str, header: &str) {
        assert_eq!(fold_width(input), folded, "fold {input:?}");
        assert_eq!(header_key(input), header, "header {input:?}");
    }

    #[test]
    fn widths_and_decorations_fold_away() {
        check("ＩＰアドレス", "IPアドレス", "ipアドレス");
        check("ﾒｰｶｰ", "メーカー", "メーカー");
        check("ｼﾘｱﾙ番号（任意）", "シリアル番号(任意)", "シリアル番号");
        check("ﾌﾟﾛﾄｺﾙ", "プロトコル", "プロトコル");
        check(" 管理番号 * ", " 管理番号 * ", "管理番号");
        check("Asset number", "Asset number", "assetnumber");
        check("asset_number", "asset_number", "assetnumber");
        check("(任意)", "(任意)", "(任意)");
    }

    #[test]
    fn lists_split_on_every_separator() {
        assert_eq!(
            split_list("10.0.0.1; 10.0.0.2,10.0.0.3、10.0.0.4\n10.0.0.5"),
            ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]
        );
        assert_eq!(split_list(" ; ,"), Vec::<String>::new());
        assert_eq!(
            split_items("Office, 2019@16.0; 7-Zip\n"),
            ["Office, 2019@16.0", "7-Zip"]
        );
    }
}
