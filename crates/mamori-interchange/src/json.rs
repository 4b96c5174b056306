//! The ledger as one JSON document: `{"format": "mamori-ledger/1", "ledger": {…}}`.
//! Output is canonical (records sorted, fixed key order, two-space indent, final newline),
//! so export → import → export is byte-identical.

use mamori_core::Ledger;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::problem::{ImportProblem, SourceLocation};

/// The format tag every ledger document carries; bumped on incompatible changes.
pub const FORMAT: &str = "mamori-ledger/1";

/// The interchange document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "mamori ledger document",
    description = "A hospital's whole network ledger (mamori-ledger/1)."
)]
pub struct LedgerDocument {
    /// Always `mamori-ledger/1`.
    pub format: String,
    pub ledger: Ledger,
}

/// The canonical JSON text of a ledger.
pub fn ledger_to_json(ledger: &Ledger) -> Result<String, serde_json::Error> {
    let mut sorted = ledger.clone();
    sorted.sort_canonical();
    let document = LedgerDocument {
        format: FORMAT.to_owned(),
        ledger: sorted,
    };
    let mut text = serde_json::to_string_pretty(&document)?;
    text.push('\n');
    Ok(text)
}

/// Reads a ledger document. Errors name the file, line and JSON path of the first problem;
/// the result is not validated against the ledger's invariants (the caller does that on the
/// merged ledger).
pub fn ledger_from_json(file: &str, bytes: &[u8]) -> Result<Ledger, Vec<ImportProblem>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // Tracking the JSON path of every value costs a third of the parse; a valid document
    // (the usual case) is read without it, and only a failed one is read again for the path.
    let document: LedgerDocument = match serde_json::from_slice(bytes) {
        Ok(document) => document,
        Err(_) => parse_with_path(file, bytes)?,
    };
    if document.format != FORMAT {
        let location = SourceLocation {
            column: Some("format".to_owned()),
            ..SourceLocation::file(file)
        };
        return Err(vec![
            ImportProblem::new(location, "json_format")
                .with("value", &document.format)
                .with("expected", FORMAT),
        ]);
    }
    Ok(document.ledger)
}

/// The slow read that names the file, line and JSON path of the first problem.
fn parse_with_path(file: &str, bytes: &[u8]) -> Result<LedgerDocument, Vec<ImportProblem>> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let location = SourceLocation {
            file: file.to_owned(),
            sheet: None,
            row: Some(inner.line()),
            column: Some(path),
        };
        vec![ImportProblem::new(location, "json_invalid").with("detail", inner)]
    })
}

/// The JSON Schema of the ledger document, as published in `docs/ledger.schema.json`.
pub fn ledger_schema_json() -> Result<String, serde_json::Error> {
    let schema = schemars::schema_for!(LedgerDocument);
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    Ok(text)
}
