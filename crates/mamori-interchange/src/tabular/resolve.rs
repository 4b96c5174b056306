//! Turning what a cell says about another record ("電子カルテ系LAN", "zone-emr") into that
//! record's id, against the existing ledger and the records of the same import.

use std::collections::{HashMap, HashSet};

use mamori_core::RecordKind;

use super::text::fold_width;

/// What a reference cell points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolution {
    Found(String),
    /// Several records carry this name: the user must write the id.
    Ambiguous,
    /// Nothing matches; the text is kept so that ledger validation reports it.
    Missing,
}

/// How names are compared: width-folded, lower case, inner spaces collapsed.
pub(crate) fn name_key(name: &str) -> String {
    fold_width(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Ids and names of every record an import may refer to.
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    ids: HashMap<RecordKind, HashSet<String>>,
    names: HashMap<RecordKind, HashMap<String, Vec<String>>>,
    /// The name key each id is filed under, so a replaced name can be withdrawn cheaply.
    name_of: HashMap<RecordKind, HashMap<String, String>>,
}

impl Resolver {
    /// Records one record. A later call for the same id replaces its name (the import's
    /// row wins over the existing record).
    pub(crate) fn add(&mut self, kind: RecordKind, id: &str, name: Option<&str>) {
        self.ids.entry(kind).or_default().insert(id.to_owned());
        let names = self.names.entry(kind).or_default();
        let name_of = self.name_of.entry(kind).or_default();
        if let Some(ids) = name_of.remove(id).and_then(|old| names.get_mut(&old)) {
            ids.retain(|known| known != id);
        }
        if let Some(name) = name.map(name_key).filter(|key| !key.is_empty()) {
            names.entry(name.clone()).or_default().push(id.to_owned());
            name_of.insert(id.to_owned(), name);
        }
    }

    pub(crate) fn has_id(&self, kind: RecordKind, id: &str) -> bool {
        self.ids.get(&kind).is_some_and(|ids| ids.contains(id))
    }

    /// An id as written, else a unique name.
    pub(crate) fn resolve(&self, kind: RecordKind, text: &str) -> Resolution {
        let text = text.trim();
        if self.has_id(kind, text) {
            return Resolution::Found(text.to_owned());
        }
        match self
            .names
            .get(&kind)
            .and_then(|names| names.get(&name_key(text)))
            .map(Vec::as_slice)
        {
            Some([one]) => Resolution::Found(one.clone()),
            Some([_, _, ..]) => Resolution::Ambiguous,
            _ => Resolution::Missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_win_then_unique_names() {
        let mut resolver = Resolver::default();
        resolver.add(RecordKind::Zones, "zone-emr", Some("電子カルテ系 LAN"));
        resolver.add(RecordKind::Zones, "zone-a", Some("共用"));
        resolver.add(RecordKind::Zones, "zone-b", Some("共用"));
        resolver.add(RecordKind::Zones, "zone-c", Some("旧名"));
        resolver.add(RecordKind::Zones, "zone-c", Some("新名"));
        let check = |text: &str, expected: Resolution| {
            assert_eq!(
                resolver.resolve(RecordKind::Zones, text),
                expected,
                "{text}"
            )
        };
        check("zone-emr", Resolution::Found("zone-emr".to_owned()));
        check(
            " 電子カルテ系　ＬＡＮ ",
            Resolution::Found("zone-emr".to_owned()),
        );
        check("共用", Resolution::Ambiguous);
        check("旧名", Resolution::Missing);
        check("新名", Resolution::Found("zone-c".to_owned()));
        check("zone-emr", Resolution::Found("zone-emr".to_owned()));
        assert_eq!(
            resolver.resolve(RecordKind::Assets, "zone-emr"),
            Resolution::Missing
        );
    }
}
