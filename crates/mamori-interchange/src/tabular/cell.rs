//! One spreadsheet cell as read (CSV text or a typed XLSX value) and the primitive readers
//! every shape builds on: yes/no, whole numbers and code-list values.

use std::collections::HashMap;
use std::sync::OnceLock;

use mamori_core::Date;
use mamori_i18n::{Lang, enum_key, text};

use super::layout::{CodeSpec, Shape, layouts};
use super::text::{fold_width, match_key};

/// A cell's content as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(Date),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

impl Cell {
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reads it (whole numbers without ".0").
    pub(crate) fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Number(number) => format_number(*number),
            Cell::Bool(true) => "TRUE".to_owned(),
            Cell::Bool(false) => "FALSE".to_owned(),
            Cell::Date(date) => date.to_string(),
            Cell::Error(error) => error.clone(),
        }
    }
}

pub(crate) fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// Why a cell could not be read: a catalogue key suffix (`import-<code>`) and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    pub code: &'static str,
    pub params: Vec<(&'static str, String)>,
}

impl Issue {
    pub(crate) fn new(code: &'static str) -> Self {
        Self {
            code,
            params: Vec::new(),
        }
    }

    pub(crate) fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }
}

const YES: &[&str] = &[
    "はい", "あり", "有", "○", "〇", "◯", "true", "yes", "y", "1", "済",
];
const NO: &[&str] = &[
    "いいえ",
    "なし",
    "無",
    "×",
    "✕",
    "false",
    "no",
    "n",
    "0",
    "未",
];
const UNKNOWN: &[&str] = &["不明", "unknown", "?", "？"];

/// Yes/no/unknown: `Ok(None)` is "unknown" (only where the field allows it).
pub(crate) fn parse_yes_no(cell: &Cell) -> Result<Option<bool>, Issue> {
    let word = match cell {
        Cell::Bool(value) => return Ok(Some(*value)),
        Cell::Number(number) if *number == 1.0 => return Ok(Some(true)),
        Cell::Number(number) if *number == 0.0 => return Ok(Some(false)),
        other => fold_width(&other.as_text()).trim().to_lowercase(),
    };
    let is = |words: &[&str], key: &str| {
        words.contains(&word.as_str()) || word == text(Lang::Ja, key, &[])
    };
    if is(YES, "value-yes") {
        Ok(Some(true))
    } else if is(NO, "value-no") {
        Ok(Some(false))
    } else if is(UNKNOWN, "value-unknown") {
        Ok(None)
    } else {
        Err(Issue::new("bad_yes_no").with("value", cell.as_text()))
    }
}

/// A whole number from 0 to `max`; yen amounts may carry 円, ¥ and thousands separators.
pub(crate) fn parse_integer(cell: &Cell, max: u64) -> Result<u64, Issue> {
    let bad = || {
        Issue::new("bad_integer")
            .with("value", cell.as_text())
            .with("max", max)
    };
    let value = match cell {
        Cell::Number(number) => {
            if !number.is_finite() || *number < 0.0 || number.fract() != 0.0 || *number > max as f64
            {
                return Err(bad());
            }
            *number as u64
        }
        other => {
            let cleaned: String = fold_width(&other.as_text())
                .chars()
                .filter(|c| !matches!(c, ',' | '円' | '¥' | '￥' | '\\' | ' '))
                .collect();
            cleaned.parse::<u64>().map_err(|_| bad())?
        }
    };
    if value > max { Err(bad()) } else { Ok(value) }
}

/// Every code list's spellings: the code, its Japanese label and its English label, each as
/// a match key, pointing at the code; plus the Japanese label of each code for writing.
struct CodeIndex {
    by_key: HashMap<&'static str, HashMap<String, &'static str>>,
    ja_label: HashMap<&'static str, HashMap<&'static str, String>>,
}

fn code_index() -> &'static CodeIndex {
    static INDEX: OnceLock<CodeIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = CodeIndex {
            by_key: HashMap::new(),
            ja_label: HashMap::new(),
        };
        let specs = layouts()
            .iter()
            .flat_map(|layout| layout.columns.iter())
            .filter_map(|column| match column.shape {
                Shape::Code(spec) | Shape::Codes(spec) => Some(spec),
                _ => None,
            });
        let extra = [
            super::layout::code_spec::<mamori_core::PrivilegeLevel>(),
            super::layout::code_spec::<mamori_core::CpeState>(),
        ];
        for spec in specs.chain(extra) {
            let keys = index.by_key.entry(spec.list).or_default();
            for code in (spec.codes)() {
                let key = enum_key(spec.list, code);
                let ja = text(Lang::Ja, &key, &[]);
                let en = text(Lang::En, &key, &[]);
                // Labels first, codes last: a code always wins over another item's label.
                for spelling in [&en, &ja] {
                    keys.entry(match_key(spelling)).or_insert(code);
                }
                keys.insert(match_key(code), code);
                index
                    .ja_label
                    .entry(spec.list)
                    .or_default()
                    .insert(code, ja);
            }
        }
        index
    })
}

/// A code from its code, Japanese label or English label.
pub(crate) fn parse_code(spec: CodeSpec, value: &str) -> Result<&'static str, Issue> {
    code_index()
        .by_key
        .get(spec.list)
        .and_then(|keys| keys.get(&match_key(value)))
        .copied()
        .ok_or_else(|| {
            Issue::new("bad_code")
                .with("value", value.trim())
                .with("choices", choices(spec))
        })
}

/// The Japanese labels of a list, for messages and template notes.
pub(crate) fn choices(spec: CodeSpec) -> String {
    (spec.codes)()
        .into_iter()
        .map(|code| code_label(spec, code))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The Japanese label written for a code (the code itself if the catalogue lacks it).
pub(crate) fn code_label(spec: CodeSpec, code: &str) -> String {
    code_index()
        .ja_label
        .get(spec.list)
        .and_then(|labels| labels.get(code))
        .cloned()
        .unwrap_or_else(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_core::{CodeList, ZoneKind};

    #[test]
    fn yes_no_words() {
        let check = |cell: Cell, expected: Option<Option<bool>>| {
            assert_eq!(parse_yes_no(&cell).ok(), expected, "{cell:?}");
        };
        for word in ["はい", "あり", "有", "○", "true", "YES", "1", "ｙｅｓ"] {
            check(Cell::Text(word.to_owned()), Some(Some(true)));
        }
        for word in ["いいえ", "なし", "無", "×", "false", "No", "0"] {
            check(Cell::Text(word.to_owned()), Some(Some(false)));
        }
        check(Cell::Text("不明".to_owned()), Some(None));
        check(Cell::Bool(true), Some(Some(true)));
        check(Cell::Number(0.0), Some(Some(false)));
        check(Cell::Number(2.0), None);
        check(Cell::Text("たぶん".to_owned()), None);
    }

    #[test]
    fn integers_with_yen_and_separators() {
        let check = |cell: Cell, max, expected: Option<u64>| {
            assert_eq!(parse_integer(&cell, max).ok(), expected, "{cell:?}")
        };
        check(
            Cell::Text("1,200,000円".to_owned()),
            u64::MAX,
            Some(1_200_000),
        );
        check(Cell::Text("￥3000".to_owned()), u64::MAX, Some(3000));
        check(Cell::Text("８０".to_owned()), 65535, Some(80));
        check(Cell::Number(443.0), 65535, Some(443));
        check(Cell::Number(70000.0), 65535, None);
        check(Cell::Number(1.5), 65535, None);
        check(Cell::Number(-1.0), 65535, None);
        check(Cell::Text("4095".to_owned()), 4094, None);
        check(Cell::Text("abc".to_owned()), 10, None);
    }

    #[test]
    fn codes_by_code_or_label_in_either_language() {
        let spec = super::super::layout::code_spec::<ZoneKind>();
        let check = |input: &str, expected: Option<&str>| {
            assert_eq!(parse_code(spec, input).ok(), expected, "{input}")
        };
        check("emr", Some("emr"));
        check("電子カルテ系", Some("emr"));
        check("EMR", Some("emr"));
        check("事務・インターネット系", Some("office_internet"));
        check("Office and internet", Some("office_internet"));
        check("medical_device", Some("medical_device"));
        check("ＤＭＺ", Some("dmz"));
        check("存在しない", None);
        assert!(
            parse_code(spec, "x")
                .err()
                .is_some_and(|issue| issue.params[1].1.contains("電子カルテ系"))
        );
        assert_eq!(code_label(spec, ZoneKind::Guest.code()), "ゲスト");
    }
}
