//! One kind as a table of form values, built once per loaded ledger, and the list query
//! over it (search, filter by column, sort by column, page).

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use mamori_core::{Ledger, RecordKind, RecordRef};
use mamori_i18n::{Lang, enum_key, text};
use mamori_interchange::{FormColumn, FormInput};
use serde::Serialize;

use super::refs::RefIndex;
use crate::auth::CurrentUser;
use crate::state::Snapshot;

/// The records of one kind with their values in form syntax.
#[derive(Debug)]
pub struct KindTable {
    pub kind: RecordKind,
    pub columns: Vec<FormColumn>,
    pub rows: Vec<KindRow>,
    index: HashMap<String, usize>,
    /// The column that names a record, if any.
    pub name_column: Option<usize>,
}

#[derive(Debug)]
pub struct KindRow {
    pub id: String,
    pub values: Vec<String>,
    /// Lower-case text search matches against.
    pub search: String,
}

impl KindTable {
    pub fn build(ledger: &Ledger, kind: RecordKind) -> Self {
        let columns = mamori_interchange::form_columns(kind);
        let rows: Vec<KindRow> = mamori_interchange::kind_form_values(ledger, kind)
            .into_iter()
            .map(|(id, values)| KindRow {
                search: values.join("\u{1f}").to_lowercase(),
                id,
                values,
            })
            .collect();
        let index = rows
            .iter()
            .enumerate()
            .map(|(position, row)| (row.id.clone(), position))
            .collect();
        let name_column = mamori_interchange::name_field(kind)
            .and_then(|name| columns.iter().position(|column| column.field == name));
        Self {
            kind,
            columns,
            rows,
            index,
            name_column,
        }
    }

    pub fn row(&self, id: &str) -> Option<&KindRow> {
        self.index
            .get(id)
            .and_then(|position| self.rows.get(*position))
    }

    /// `name (id)`, or the id alone when the kind has no name or the record is unknown.
    pub fn label(&self, id: &str) -> String {
        let name = self
            .name_column
            .and_then(|column| self.row(id).and_then(|row| row.values.get(column)))
            .filter(|name| !name.is_empty());
        match name {
            Some(name) => format!("{name} ({id})"),
            None => id.to_owned(),
        }
    }

    /// The columns a list shows: the id and the short, one-value columns (at most eight).
    pub fn list_columns(&self) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, column)| {
                column.input != FormInput::Lines
                    && !matches!(column.field, "notes" | "description" | "address")
            })
            .map(|(position, _)| position)
            .take(8)
            .collect()
    }
}

/// Tables per kind, built on first use for one snapshot.
#[derive(Debug, Default)]
pub struct KindCache {
    tables: [OnceLock<KindTable>; KIND_SLOTS],
    refs: OnceLock<RefIndex>,
}

/// Room for every record kind (checked by a test against `RecordKind::ALL`).
const KIND_SLOTS: usize = 24;

impl KindCache {
    pub fn table(&self, ledger: &Ledger, kind: RecordKind) -> Option<&KindTable> {
        let slot = RecordKind::ALL.iter().position(|k| *k == kind)?;
        Some(
            self.tables
                .get(slot)?
                .get_or_init(|| KindTable::build(ledger, kind)),
        )
    }

    pub fn refs(&self, ledger: &Ledger) -> &RefIndex {
        self.refs.get_or_init(|| RefIndex::build(ledger))
    }
}

/// A cell as people read it: code labels and yes/no in the user's language.
pub fn display(column: &FormColumn, value: &str, lang: Lang) -> String {
    match &column.input {
        FormInput::Code { list, .. } if !value.is_empty() => {
            text(lang, &enum_key(list, value), &[])
        }
        FormInput::YesNo | FormInput::Flag => match value {
            "yes" => text(lang, "web-yes", &[]),
            "no" => text(lang, "web-no", &[]),
            _ => text(lang, "web-unknown", &[]),
        },
        _ => value.replace('\n', "; "),
    }
}

/// What a list asks for; filters are `f_<field>=value`.
#[derive(Debug, Clone, Default)]
pub struct KindQuery {
    pub q: String,
    pub sort: Option<String>,
    pub desc: bool,
    pub page: usize,
    pub per_page: usize,
    pub filters: Vec<(String, String)>,
}

pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 500;

impl KindQuery {
    pub fn from_pairs(pairs: &HashMap<String, String>) -> Self {
        let get = |key: &str| {
            pairs
                .get(key)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let mut filters: Vec<(String, String)> = pairs
            .iter()
            .filter_map(|(key, value)| {
                key.strip_prefix("f_")
                    .filter(|_| !value.is_empty())
                    .map(|field| (field.to_owned(), value.clone()))
            })
            .collect();
        filters.sort();
        Self {
            q: get("q"),
            sort: Some(get("sort")).filter(|s| !s.is_empty()),
            desc: get("dir") == "desc",
            page: get("page").parse().unwrap_or(1).max(1),
            per_page: get("per_page")
                .parse()
                .unwrap_or(DEFAULT_PER_PAGE)
                .clamp(1, MAX_PER_PAGE),
            filters,
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct KindListing {
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    /// Row positions in the table.
    #[serde(skip)]
    pub rows: Vec<usize>,
}

/// Numbers compare as numbers, everything else as text.
fn compare_values(a: &str, b: &str) -> Ordering {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

pub fn list(
    table: &KindTable,
    query: &KindQuery,
    visible: impl Fn(&KindRow) -> bool,
) -> KindListing {
    let words: Vec<String> = query
        .q
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let filters: Vec<(usize, &str)> = query
        .filters
        .iter()
        .filter_map(|(field, value)| {
            table
                .columns
                .iter()
                .position(|column| column.field == field)
                .map(|position| (position, value.as_str()))
        })
        .collect();
    let mut rows: Vec<usize> = table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            words.iter().all(|word| row.search.contains(word.as_str()))
                && filters.iter().all(|(position, value)| {
                    row.values.get(*position).map(String::as_str) == Some(*value)
                })
                && visible(row)
        })
        .map(|(position, _)| position)
        .collect();
    let sort = query
        .sort
        .as_deref()
        .and_then(|field| table.columns.iter().position(|c| c.field == field));
    if let Some(column) = sort {
        rows.sort_by(|a, b| {
            let value = |row: usize| {
                table.rows[row]
                    .values
                    .get(column)
                    .map_or("", String::as_str)
            };
            compare_values(value(*a), value(*b)).then_with(|| a.cmp(b))
        });
    }
    if query.desc {
        rows.reverse();
    }
    let total = rows.len();
    let pages = total.div_ceil(query.per_page).max(1);
    let page = query.page.clamp(1, pages);
    let rows = rows
        .into_iter()
        .skip((page - 1) * query.per_page)
        .take(query.per_page)
        .collect();
    KindListing {
        total,
        page,
        pages,
        per_page: query.per_page,
        rows,
    }
}

/// The values a filter select offers for a column: the codes of a code list, yes/no, or
/// the distinct values present (references), at most 200.
pub fn filter_choices(table: &KindTable, column: usize) -> Option<Vec<String>> {
    match &table.columns.get(column)?.input {
        FormInput::Code { codes, .. } => Some(codes.iter().map(|c| (*c).to_owned()).collect()),
        FormInput::YesNo | FormInput::Flag => Some(vec!["yes".to_owned(), "no".to_owned()]),
        FormInput::Reference(_) => {
            let present: BTreeSet<&str> = table
                .rows
                .iter()
                .filter_map(|row| row.values.get(column))
                .map(String::as_str)
                .filter(|value| !value.is_empty())
                .collect();
            (present.len() <= 200).then(|| present.into_iter().map(str::to_owned).collect())
        }
        _ => None,
    }
}

/// Whether a user may see a record of any kind. Staff see everything; a vendor account
/// sees its own vendor record, the assets and connection points `scope` gives it, and
/// records that refer to its vendor or to one of those assets or connection points.
pub fn visible(snapshot: &Snapshot, user: &CurrentUser, kind: RecordKind, id: &str) -> bool {
    let Some(vendor) = user.vendor_scope() else {
        return true;
    };
    match kind {
        RecordKind::Assets => snapshot
            .asset(id)
            .is_some_and(|asset| crate::scope::asset_visible(user, asset)),
        RecordKind::ConnectionPoints => snapshot
            .point(id)
            .is_some_and(|point| crate::scope::point_visible(user, point)),
        RecordKind::Vendors => id == vendor,
        _ => snapshot
            .kinds()
            .refs(&snapshot.ledger)
            .referred_by(&RecordRef::new(kind, id))
            .iter()
            .any(|edge| match edge.target.kind {
                RecordKind::Vendors => edge.target.id == vendor,
                RecordKind::Assets | RecordKind::ConnectionPoints => {
                    visible(snapshot, user, edge.target.kind, &edge.target.id)
                }
                _ => false,
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_core::CodeList;

    #[test]
    fn every_kind_has_a_cache_slot() {
        assert!(RecordKind::ALL.len() <= KIND_SLOTS);
    }

    #[test]
    fn zones_list_filters_sorts_and_pages() {
        let ledger = mamori_demo::demo_hospital();
        let table = KindTable::build(&ledger, RecordKind::Zones);
        let pairs = |list: &[(&str, &str)]| -> HashMap<String, String> {
            list.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let kind_column = table
            .columns
            .iter()
            .position(|c| c.field == "kind")
            .unwrap_or(0);
        let some_kind = table.rows[0].values[kind_column].clone();
        let query = KindQuery::from_pairs(&pairs(&[
            ("f_kind", some_kind.as_str()),
            ("sort", "name"),
            ("dir", "desc"),
            ("per_page", "2"),
        ]));
        let listing = list(&table, &query, |_| true);
        let mut expected: Vec<&str> = ledger
            .zones
            .iter()
            .filter(|z| z.kind.code() == some_kind)
            .map(|z| z.name.as_str())
            .collect();
        expected.sort();
        expected.reverse();
        assert_eq!(listing.total, expected.len());
        let names: Vec<&str> = listing
            .rows
            .iter()
            .map(|row| table.rows[*row].values[1].as_str())
            .collect();
        assert_eq!(names, expected.into_iter().take(2).collect::<Vec<_>>());
        let first = &ledger.zones[0];
        let search = KindQuery::from_pairs(&pairs(&[("q", &first.id.0.to_uppercase())]));
        let found = list(&table, &search, |_| true);
        assert!(
            found
                .rows
                .iter()
                .any(|row| table.rows[*row].id == first.id.0)
        );
    }
}
