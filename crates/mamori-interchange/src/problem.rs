//! Problems found while reading a file, located by file, sheet, row and column so a
//! hospital's IT person can fix the spreadsheet cell that is wrong.

use std::collections::HashMap;

use mamori_core::{Problem, RecordRef};
use mamori_i18n::{Lang, text};

/// Where in the user's file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SourceLocation {
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based row as Excel shows it (the header is row 1), or the JSON line.
    pub row: Option<usize>,
    /// The column header as written in the file, or the JSON path.
    pub column: Option<String>,
}

impl SourceLocation {
    pub fn file(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            ..Self::default()
        }
    }

    /// "assets.csv シート… 3行目 「IPアドレス」列" in the user's language.
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = vec![self.file.clone()];
        if let Some(sheet) = &self.sheet {
            parts.push(text(lang, "import-at-sheet", &[("sheet", sheet)]));
        }
        if let Some(row) = self.row {
            parts.push(text(lang, "import-at-row", &[("row", &row.to_string())]));
        }
        if let Some(column) = &self.column {
            parts.push(text(lang, "import-at-column", &[("column", column)]));
        }
        parts.join(" ")
    }
}

/// One problem in an input file. `code` is the catalogue key without its `import-`
/// or `problem-` prefix; `from_ledger` tells which.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImportProblem {
    pub location: SourceLocation,
    pub code: String,
    pub params: Vec<(String, String)>,
    /// The problem came from ledger validation (`problem-…`) rather than from reading (`import-…`).
    pub from_ledger: bool,
}

impl ImportProblem {
    pub fn new(location: SourceLocation, code: &str) -> Self {
        Self {
            location,
            code: code.to_owned(),
            params: Vec::new(),
            from_ledger: false,
        }
    }

    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.push((name.to_owned(), value.to_string()));
        self
    }

    pub fn catalogue_key(&self) -> String {
        let prefix = if self.from_ledger {
            "problem"
        } else {
            "import"
        };
        format!("{prefix}-{}", self.code)
    }

    /// The message alone, in one language.
    /// A `target` parameter holds a record-kind code and is shown as the kind's name.
    pub fn message(&self, lang: Lang) -> String {
        let shown: Vec<(&str, String)> = self
            .params
            .iter()
            .map(|(name, value)| match name.as_str() {
                "target" => (name.as_str(), text(lang, &format!("kind-{value}"), &[])),
                _ => (name.as_str(), value.clone()),
            })
            .collect();
        let args: Vec<(&str, &str)> = shown.iter().map(|(k, v)| (*k, v.as_str())).collect();
        text(lang, &self.catalogue_key(), &args)
    }

    /// Location and message, the line users read.
    pub fn describe(&self, lang: Lang) -> String {
        format!("{}: {}", self.location.describe(lang), self.message(lang))
    }
}

/// Turns ledger validation problems into located problems: records that came from a file
/// carry their row in `origins`; fields map to the column headers of that file.
pub fn locate_ledger_problems(
    problems: &[Problem],
    origins: &HashMap<RecordRef, SourceLocation>,
    column_of_field: impl Fn(&RecordRef, &str) -> Option<String>,
    fallback_file: &str,
) -> Vec<ImportProblem> {
    problems
        .iter()
        .map(|problem| {
            let mut location = origins
                .get(&problem.record)
                .cloned()
                .unwrap_or_else(|| SourceLocation::file(fallback_file));
            location.column = column_of_field(&problem.record, problem.field)
                .or_else(|| Some(format!("{}.{}", problem.record, problem.field)));
            let mut located = ImportProblem::new(location, problem.code.code());
            located.from_ledger = true;
            located.params = problem
                .params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            located
        })
        .collect()
}
