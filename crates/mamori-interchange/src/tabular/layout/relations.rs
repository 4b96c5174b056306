//! Relation sheets: lists that can grow with the hospital are written one row per item on a
//! sheet (or CSV file) of their own instead of in one cell of their record's row.
//!
//! Why: an Excel cell holds at most 32,767 characters. A shared local administrator that
//! logs on to 25,000 PCs does not fit in the アカウント sheet's ログオン先 cell, and silently
//! cutting evidence is not an option. One row per relation is also what an IT person filters
//! and counts in Excel ("on which hosts is this account accepted?").
//!
//! The rule, also written into the 説明 sheet:
//! - Export writes these lists only in the relation sheet; the record's sheet has no column
//!   for them, so importing the record sheet alone keeps the lists as they are.
//! - When a relation sheet is imported, it gives the whole list of every record it names and
//!   of every record of its parent sheet in the same import (no row: an empty list).
//! - Without a relation sheet the record's own column (ログオン先 …) still works for short
//!   lists; giving one record's list in both places is a problem.

use mamori_core::{PrivilegeLevel, RecordKind as K};

use super::{Column, Layout, Shape as S, code_spec, col};

/// Which list of which record a relation sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// `accounts.accepted_on`: one row per place the account logs on to.
    AcceptedOn,
    /// `accounts.stored_on`: one row per place the secret is stored or cached.
    StoredOn,
    /// `backups.protects`: one row per protected asset.
    Protects,
}

/// A relation sheet: its list, its file stem and its columns (the first names the record).
#[derive(Debug, Clone)]
pub(crate) struct RelationSheet {
    pub relation: Relation,
    /// The record kind whose list this is.
    pub parent: K,
    /// The list field of the parent record.
    pub field: &'static str,
    /// The CSV file stem mamori writes (`account_accepted_on.csv`).
    pub code: &'static str,
    /// Columns and sheet names; `layout.kind` is the parent kind.
    pub layout: Layout,
}

fn sheet(
    relation: Relation,
    parent: K,
    field: &'static str,
    code: &'static str,
    names: (&'static str, &'static str, &'static [&'static str]),
    columns: Vec<Column>,
) -> RelationSheet {
    RelationSheet {
        relation,
        parent,
        field,
        code,
        layout: Layout {
            kind: parent,
            sheet_ja: names.0,
            sheet_en: names.1,
            sheet_aliases: names.2,
            id_prefix: "",
            name_field: None,
            columns,
        },
    }
}

fn account_column() -> Column {
    col(
        "アカウント",
        "Account",
        "account",
        S::Reference(K::Accounts),
    )
    .required()
    .aka(&["アカウントID", "Account ID", "ユーザー名"])
}

pub(super) fn relation_sheets() -> Vec<RelationSheet> {
    vec![
        sheet(
            Relation::AcceptedOn,
            K::Accounts,
            "accepted_on",
            "account_accepted_on",
            (
                "アカウント利用先",
                "Account log-on places",
                &["ログオン先", "accepted_on"],
            ),
            vec![
                account_column(),
                col("対象", "Target", "target", S::Place)
                    .required()
                    .aka(&["ログオン先", "Accepted on"]),
                col(
                    "サービス",
                    "Service",
                    "service_id",
                    S::Reference(K::Services),
                ),
                col(
                    "権限",
                    "Level",
                    "level",
                    S::Code(code_spec::<PrivilegeLevel>()),
                )
                .required()
                .aka(&["Privilege level"]),
            ],
        ),
        sheet(
            Relation::StoredOn,
            K::Accounts,
            "stored_on",
            "account_stored_on",
            (
                "認証情報の保存先",
                "Credential storage",
                &["保存場所", "stored_on"],
            ),
            vec![
                account_column(),
                col("保存先", "Stored on", "place", S::Place)
                    .required()
                    .aka(&["保存場所"]),
            ],
        ),
        sheet(
            Relation::Protects,
            K::Backups,
            "protects",
            "backup_protects",
            (
                "バックアップ対象",
                "Backup coverage",
                &["protects", "バックアップ対象機器"],
            ),
            vec![
                col("バックアップ", "Backup", "backup", S::Reference(K::Backups))
                    .required()
                    .aka(&["バックアップID", "Backup ID"]),
                col("対象機器", "Asset", "asset", S::Reference(K::Assets))
                    .required()
                    .aka(&["機器", "Protects"]),
            ],
        ),
    ]
}
