//! Every ledger kind in the UI and the API, driven by one description per kind: the
//! column tables of `mamori-interchange` (the same ones templates, import and export use)
//! give the fields, their inputs and the cell syntax forms accept. Relations are found by
//! walking record bodies for reference fields (`refs`), which gives every record its
//! outgoing links and its back-links without a hand-written section per kind.
//!
//! Assets and connection points keep their hand-written pages (`/assets`,
//! `/connection-points`); everything else is `/ledger/<kind>`.

pub mod api;
pub mod openapi;
pub mod pages;
pub mod refs;
pub mod table;
pub mod write;

use mamori_core::RecordKind;
use mamori_i18n::Lang;

/// The kinds the generic pages serve: every kind with a column table.
pub fn kinds() -> Vec<RecordKind> {
    mamori_interchange::tabular_kinds()
}

/// A kind from its URL segment (`zones`, `firewall_rules`; `connection-points` too).
pub fn kind_of(segment: &str) -> Option<RecordKind> {
    let code = segment.replace('-', "_");
    RecordKind::from_code(&code).filter(|kind| kinds().contains(kind))
}

/// The UI page of a record of any kind.
pub fn record_href(kind: RecordKind, id: &str) -> String {
    match kind {
        RecordKind::Assets => format!("/assets/{}", crate::fields::url_encode(id)),
        RecordKind::ConnectionPoints => {
            format!("/connection-points/{}", crate::fields::url_encode(id))
        }
        _ => format!("/ledger/{}/{}", kind.code(), crate::fields::url_encode(id)),
    }
}

/// The list page of a kind.
pub fn list_href(kind: RecordKind) -> String {
    match kind {
        RecordKind::Assets => "/assets".to_owned(),
        _ => format!("/ledger/{}", kind.code()),
    }
}

/// The label of a field of a kind in the user's language (the column header).
pub fn field_label(kind: RecordKind, field: &str, lang: Lang) -> String {
    mamori_interchange::form_columns(kind)
        .into_iter()
        .find(|column| column.field == field)
        .map_or_else(
            || field.to_owned(),
            |column| match lang {
                Lang::Ja => column.ja.to_owned(),
                Lang::En => column.en.to_owned(),
            },
        )
}
