//! The column layouts: for every record kind one ordered table of columns (Japanese and
//! English header, the JSON field it fills, the shape of its cells). Templates, import and
//! export all read this one table, so they cannot drift apart.

mod assets;
mod network;
mod relations;
mod security;

pub(crate) use relations::{Relation, RelationSheet};

use std::collections::HashMap;
use std::sync::OnceLock;

use mamori_core::{CodeList, RecordKind};

use super::text::{header_key, match_key};

/// A closed code list as a column sees it: its catalogue name and its codes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeSpec {
    pub list: &'static str,
    pub codes: fn() -> Vec<&'static str>,
}

fn codes_of<T: CodeList>() -> Vec<&'static str> {
    T::ALL.iter().map(|item| item.code()).collect()
}

pub(crate) fn code_spec<T: CodeList>() -> CodeSpec {
    CodeSpec {
        list: T::LIST,
        codes: codes_of::<T>,
    }
}

/// What a cell holds and how it maps to the JSON field.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    /// The record id; blank means "find or make one".
    Id,
    Text,
    /// A non-negative whole number up to `max`.
    Integer {
        max: u64,
    },
    /// `Option<bool>`: blank is unknown.
    YesNo,
    /// `bool`: blank is `default`.
    Flag {
        default: bool,
    },
    Date,
    Code(CodeSpec),
    Codes(CodeSpec),
    /// A list of free words (allowed protocols).
    Texts,
    Ips,
    Macs,
    Cidrs,
    Integers {
        max: u64,
    },
    /// An id or unique name of a record of another kind.
    Reference(RecordKind),
    References(RecordKind),
    /// 病院 / a vendor; blank is the hospital.
    Owner,
    /// 病院 / a vendor; blank is "not recorded".
    OptionalOwner,
    /// any / a zone / a CIDR / asset:ID / cp:ID.
    Endpoint,
    /// any / 443 / 1024-65535; blank is any.
    Ports,
    /// `vendor:name@version` items.
    Software,
    /// `cpe:2.3:…` items, `[推定]` marking suggested ones.
    Cpes,
    /// `name / role / phone / email / 24h` items.
    Contacts,
    /// `asset:ID#SERVICE@level` / `cp:ID@level` items.
    AcceptedOn,
    /// `asset:ID` / `cp:ID` items.
    StoredOn,
    /// One `asset:ID` / `cp:ID` (a row of a relation sheet).
    Place,
    /// `asset:ID#SERVICE` / `cp:ID`.
    VulnTarget,
}

/// One column of a layout.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub ja: &'static str,
    pub en: &'static str,
    /// The JSON field it fills; nested fields are dotted (`os.version`).
    pub field: &'static str,
    pub shape: Shape,
    /// The header must be present and the cell filled.
    pub required: bool,
    /// Other headers hospitals use for the same column.
    pub aliases: &'static [&'static str],
}

pub(crate) const fn col(
    ja: &'static str,
    en: &'static str,
    field: &'static str,
    shape: Shape,
) -> Column {
    Column {
        ja,
        en,
        field,
        shape,
        required: false,
        aliases: &[],
    }
}

impl Column {
    pub(crate) const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub(crate) const fn aka(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }

    fn keys(&self) -> impl Iterator<Item = String> + '_ {
        [self.ja, self.en, self.field]
            .into_iter()
            .chain(self.aliases.iter().copied())
            .map(header_key)
    }
}

/// The sheet of one record kind.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub kind: RecordKind,
    /// The XLSX sheet name and the Japanese CSV file stem.
    pub sheet_ja: &'static str,
    pub sheet_en: &'static str,
    /// Other sheet names and file stems that mean this kind.
    pub sheet_aliases: &'static [&'static str],
    /// Prefix of generated ids (`asset-00042`).
    pub id_prefix: &'static str,
    /// The field that names a record, for references by name and matching rows to records.
    pub name_field: Option<&'static str>,
    pub columns: Vec<Column>,
}

impl Layout {
    /// The column a header means, by Japanese or English header, JSON field or alias.
    pub(crate) fn column_for_header(&self, header: &str) -> Option<usize> {
        let key = header_key(header);
        if key.is_empty() {
            return None;
        }
        self.columns
            .iter()
            .position(|column| column.keys().any(|known| known == key))
    }

    fn sheet_keys(&self) -> impl Iterator<Item = String> + '_ {
        [self.sheet_ja, self.sheet_en, self.kind.code()]
            .into_iter()
            .chain(self.sheet_aliases.iter().copied())
            .map(match_key)
            .chain([match_key(&mamori_i18n::text(
                mamori_i18n::Lang::Ja,
                &format!("kind-{}", self.kind.code()),
                &[],
            ))])
            .chain([match_key(&mamori_i18n::text(
                mamori_i18n::Lang::En,
                &format!("kind-{}", self.kind.code()),
                &[],
            ))])
    }
}

/// Every layout, in the order sheets are written (references point mostly backwards).
pub(crate) fn layouts() -> &'static [Layout] {
    static LAYOUTS: OnceLock<Vec<Layout>> = OnceLock::new();
    LAYOUTS.get_or_init(|| {
        let mut all = network::layouts();
        all.extend(assets::layouts());
        all.extend(security::layouts());
        all
    })
}

/// The layout of one kind; `None` for the hospital profile, which has no sheet.
pub(crate) fn layout(kind: RecordKind) -> Option<&'static Layout> {
    layouts().iter().find(|layout| layout.kind == kind)
}

/// Every relation sheet, in the order of their parents' sheets.
pub(crate) fn relation_sheets() -> &'static [RelationSheet] {
    static RELATIONS: OnceLock<Vec<RelationSheet>> = OnceLock::new();
    RELATIONS.get_or_init(relations::relation_sheets)
}

/// The relation sheets whose lists belong to records of `kind`.
pub(crate) fn relations_of(kind: RecordKind) -> impl Iterator<Item = &'static RelationSheet> {
    relation_sheets()
        .iter()
        .filter(move |relation| relation.parent == kind)
}

/// The columns export writes for a kind: lists kept in relation sheets are left out.
pub(crate) fn export_columns(layout: &'static Layout) -> Vec<&'static Column> {
    layout
        .columns
        .iter()
        .filter(|column| !relations_of(layout.kind).any(|relation| relation.field == column.field))
        .collect()
}

/// What a sheet or CSV file holds: the records of one kind, or one relation list.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Record(&'static Layout),
    Relation(&'static RelationSheet),
}

impl Table {
    pub(crate) fn layout(self) -> &'static Layout {
        match self {
            Table::Record(layout) => layout,
            Table::Relation(relation) => &relation.layout,
        }
    }

    /// Every table: record sheets, each followed by its relation sheets.
    pub(crate) fn all() -> Vec<Table> {
        layouts()
            .iter()
            .flat_map(|layout| {
                std::iter::once(Table::Record(layout))
                    .chain(relations_of(layout.kind).map(Table::Relation))
            })
            .collect()
    }

    /// The CSV file stem mamori writes.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Table::Record(layout) => layout.kind.code(),
            Table::Relation(relation) => relation.code,
        }
    }
}

fn relation_keys(relation: &RelationSheet) -> impl Iterator<Item = String> + '_ {
    [
        relation.layout.sheet_ja,
        relation.layout.sheet_en,
        relation.code,
    ]
    .into_iter()
    .chain(relation.layout.sheet_aliases.iter().copied())
    .map(match_key)
}

/// The table a sheet name or CSV file stem means: a kind (see [`kind_for_sheet`]) or a
/// relation sheet (`account_accepted_on`, `アカウント利用先` …).
pub(crate) fn table_for_sheet(name: &str) -> Option<Table> {
    if let Some(kind) = kind_for_sheet(name) {
        return layout(kind).map(Table::Record);
    }
    let key = match_key(name);
    relation_sheets()
        .iter()
        .find(|relation| relation_keys(relation).any(|known| known == key))
        .map(Table::Relation)
}

/// The kind a sheet name or CSV file stem means (`assets`, `機器`, `機器台帳`, `Assets` …).
pub(crate) fn kind_for_sheet(name: &str) -> Option<RecordKind> {
    static INDEX: OnceLock<HashMap<String, RecordKind>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        layouts()
            .iter()
            .flat_map(|layout| layout.sheet_keys().map(move |key| (key, layout.kind)))
            .collect()
    });
    index.get(&match_key(name)).copied()
}

/// The Japanese header of the column that fills `field` of `kind` (a nested field such
/// as `os` maps to its first column, `OS`).
pub fn column_of_field(kind: RecordKind, field: &str) -> Option<&'static str> {
    let layout = layout(kind)?;
    let exact = layout.columns.iter().find(|column| column.field == field);
    let nested = || {
        layout.columns.iter().find(|column| {
            column
                .field
                .split_once('.')
                .is_some_and(|(head, _)| head == field)
        })
    };
    exact.or_else(nested).map(|column| column.ja)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_kind_but_the_profile_has_a_layout_with_an_id_column_first() {
        for kind in RecordKind::ALL.iter().copied() {
            let found = layout(kind);
            assert_eq!(found.is_none(), kind == RecordKind::Hospital, "{kind}");
            if let Some(layout) = found {
                assert!(matches!(layout.columns[0].shape, Shape::Id), "{kind}");
            }
        }
    }

    #[test]
    fn headers_and_sheet_names_are_unambiguous() {
        let mut sheets = HashSet::new();
        for layout in layouts() {
            for key in layout.sheet_keys() {
                let clash = kind_for_sheet(&key);
                assert_eq!(
                    clash,
                    Some(layout.kind),
                    "sheet key {key} of {}",
                    layout.kind
                );
                sheets.insert(key);
            }
            let mut seen = HashMap::new();
            for (index, column) in layout.columns.iter().enumerate() {
                for key in column.keys() {
                    if let Some(other) = seen.insert(key.clone(), index) {
                        assert_eq!(other, index, "{}: header key {key} used twice", layout.kind);
                    }
                }
                assert!(layout.sheet_ja.chars().count() <= 31);
            }
        }
        for relation in relation_sheets() {
            for key in relation_keys(relation) {
                assert_eq!(kind_for_sheet(&key), None, "relation sheet key {key}");
                assert!(sheets.insert(key.clone()), "relation sheet key {key} twice");
                assert!(
                    matches!(table_for_sheet(&key), Some(Table::Relation(found)) if found.relation == relation.relation)
                );
            }
            assert!(layout(relation.parent).is_some_and(|parent| {
                parent
                    .columns
                    .iter()
                    .any(|column| column.field == relation.field)
            }));
        }
    }

    #[test]
    fn fields_map_to_japanese_headers() {
        let check = |kind, field, expected: Option<&str>| {
            assert_eq!(column_of_field(kind, field), expected, "{field}")
        };
        check(RecordKind::Assets, "ip_addresses", Some("IPアドレス"));
        check(RecordKind::Assets, "asset_number", Some("管理番号"));
        check(RecordKind::Assets, "os", Some("OS"));
        check(RecordKind::Assets, "zone_id", Some("ゾーン"));
        check(RecordKind::FirewallRules, "source", Some("送信元"));
        check(RecordKind::Assets, "no_such_field", None);
        check(RecordKind::Hospital, "name", None);
    }
}
