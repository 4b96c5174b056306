//! The OpenAPI 3.1 document of `/api/v1`, generated from the code: the record schemas are
//! the ones `schemars` derives from the ledger structs (the published ledger schema), the
//! paths come from the list of kinds and the error codes from [`WebError::CODES`].
//! Checked in as `docs/openapi.json`; a test fails when it is stale.
//!
//! Why not `utoipa`: the record types live in the pure `mamori-core` crate and already
//! derive `JsonSchema`; deriving `ToSchema` as well would add a second schema derive (and
//! its proc-macro build) to the domain crate for the same information. OpenAPI 3.1 takes
//! JSON Schema as is, so the existing schema is reused and only the paths are written here.

use mamori_core::RecordKind;
use serde_json::{Map, Value, json};

use crate::error::WebError;

/// The document as pretty JSON text with a final newline (the checked-in form).
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}

/// The ledger schema's definitions, with references moved to `components/schemas`.
fn record_schemas() -> (Map<String, Value>, Map<String, Value>) {
    let schema: Value = mamori_interchange::ledger_schema_json()
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let text = schema
        .to_string()
        .replace("#/$defs/", "#/components/schemas/");
    let schema: Value = serde_json::from_str(&text).unwrap_or_default();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let ledger = defs
        .get("Ledger")
        .and_then(|l| l.get("properties"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    (defs, ledger)
}

/// The schema of one record of a kind (`{"$ref": …}` of the ledger's item type).
fn record_schema(ledger: &Map<String, Value>, kind: RecordKind) -> Value {
    ledger
        .get(kind.code())
        .and_then(|field| field.get("items"))
        .cloned()
        .unwrap_or_else(|| json!({"type": "object"}))
}

fn error_responses(codes: &[(&str, &str)]) -> Map<String, Value> {
    codes
        .iter()
        .map(|(status, description)| {
            (
                (*status).to_owned(),
                json!({
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                }),
            )
        })
        .collect()
}

fn responses(ok: (&str, &str, Value), errors: &[(&str, &str)]) -> Value {
    let mut all = error_responses(errors);
    let (status, description, schema) = ok;
    let body = if schema.is_null() {
        json!({"description": description})
    } else {
        json!({"description": description, "content": {"application/json": {"schema": schema}}})
    };
    all.insert(status.to_owned(), body);
    Value::Object(all)
}

fn list_parameters() -> Value {
    json!([
        {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Words that must all occur (any field)."},
        {"name": "sort", "in": "query", "schema": {"type": "string"}, "description": "A field name of the kind."},
        {"name": "dir", "in": "query", "schema": {"enum": ["asc", "desc"]}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": super::table::MAX_PER_PAGE}},
        {"name": "at", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "The ledger as it was at the end of this date (Asia/Tokyo)."},
        {"name": "f_<field>", "in": "query", "schema": {"type": "string"}, "description": "Only records whose field has this value (form syntax)."}
    ])
}

fn kind_paths(paths: &mut Map<String, Value>, ledger: &Map<String, Value>, kind: RecordKind) {
    let code = kind.code();
    let record = record_schema(ledger, kind);
    let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}});
    let read_errors = [
        ("401", "Not logged in"),
        ("403", "Outside the vendor's scope"),
        ("404", "No such record"),
    ];
    let write_errors = [
        ("400", "Malformed request"),
        ("401", "Not logged in"),
        ("403", "Role may not write"),
        ("409", "Stale version or id in use"),
        (
            "422",
            "The change would make the ledger invalid (problems by field)",
        ),
    ];
    let list = json!({
        "tags": [code],
        "summary": format!("List {code}"),
        "operationId": format!("list_{code}"),
        "parameters": list_parameters(),
        "responses": responses(("200", "One page", json!({
            "type": "object",
            "required": ["total", "page", "pages", "per_page", "items"],
            "properties": {
                "total": {"type": "integer"}, "page": {"type": "integer"},
                "pages": {"type": "integer"}, "per_page": {"type": "integer"},
                "items": {"type": "array", "items": record.clone()}
            }
        })), &read_errors[..2]),
    });
    let create = json!({
        "tags": [code],
        "summary": format!("Create one of {code}"),
        "operationId": format!("create_{code}"),
        "requestBody": {"required": true, "content": {"application/json": {"schema": record.clone()}}},
        "responses": responses(("201", "Created", json!({"$ref": "#/components/schemas/Saved"})), &write_errors),
    });
    let get = json!({
        "tags": [code],
        "summary": format!("One of {code} with what refers to it and its history"),
        "operationId": format!("get_{code}"),
        "parameters": [id.clone(), {"name": "at", "in": "query", "schema": {"type": "string", "format": "date"}}],
        "responses": responses(("200", "The record", json!({
            "type": "object",
            "required": ["kind", "version", "record", "referred_by", "history"],
            "properties": {
                "kind": {"const": code},
                "version": {"type": "integer"},
                "record": record.clone(),
                "referred_by": {"type": "array", "items": {"$ref": "#/components/schemas/Reference"}},
                "history": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryEntry"}}
            }
        })), &read_errors),
    });
    let update = json!({
        "tags": [code],
        "summary": format!("Replace one of {code}"),
        "operationId": format!("update_{code}"),
        "parameters": [id.clone()],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {
            "type": "object", "required": ["version", "record"],
            "properties": {"version": {"type": "integer"}, "record": record}
        }}}},
        "responses": responses(("200", "Saved", json!({"$ref": "#/components/schemas/Saved"})), &write_errors),
    });
    let delete = json!({
        "tags": [code],
        "summary": format!("Delete one of {code} (refused while other records refer to it)"),
        "operationId": format!("delete_{code}"),
        "parameters": [id, {"name": "version", "in": "query", "required": true, "schema": {"type": "integer"}}],
        "responses": responses(("204", "Deleted", Value::Null), &write_errors),
    });
    // Assets keep their own list and update shapes (`crate::api`); the generic routes
    // add create and delete there.
    if kind == RecordKind::Assets {
        paths.insert(format!("/api/v1/{code}"), json!({"post": create}));
        paths.insert(format!("/api/v1/{code}/{{id}}"), json!({"delete": delete}));
    } else {
        paths.insert(
            format!("/api/v1/{code}"),
            json!({"get": list, "post": create}),
        );
        paths.insert(
            format!("/api/v1/{code}/{{id}}"),
            json!({"get": get, "put": update, "delete": delete}),
        );
    }
}

/// The whole document.
pub fn document() -> Value {
    let (mut schemas, ledger) = record_schemas();
    schemas.insert(
        "Error".to_owned(),
        json!({
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"enum": WebError::CODES},
                "message": {"type": "string", "description": "In the caller's language (ja by default, ?lang=en)."},
                "problems": {"type": "array", "items": {
                    "type": "object", "required": ["field", "message"],
                    "properties": {"field": {"type": "string", "description": "The record's field; empty for problems elsewhere."}, "message": {"type": "string"}}
                }}
            }
        }),
    );
    schemas.insert(
        "Saved".to_owned(),
        json!({"type": "object", "required": ["kind", "id", "version"], "properties": {
            "kind": {"type": "string"}, "id": {"type": "string"}, "version": {"type": ["integer", "null"]}
        }}),
    );
    schemas.insert(
        "Reference".to_owned(),
        json!({"type": "object", "required": ["kind", "id", "field"], "properties": {
            "kind": {"type": "string"}, "id": {"type": "string"}, "field": {"type": "string"}
        }}),
    );
    schemas.insert(
        "HistoryEntry".to_owned(),
        json!({"type": "object", "properties": {
            "version": {"type": "integer"}, "at": {"type": "string"}, "actor": {"type": "string"},
            "reason": {"type": "string"},
            "changes": {"type": "array", "items": {"type": "object", "properties": {
                "field": {"type": "string"}, "before": {"type": "string"}, "after": {"type": "string"}
            }}}
        }}),
    );
    let mut paths = Map::new();
    for kind in super::kinds() {
        kind_paths(&mut paths, &ledger, kind);
    }
    let (paths_path, paths_schema) = crate::pages::paths::openapi();
    let errors = [
        ("400", "Malformed date"),
        ("401", "Not logged in"),
        ("403", "Vendor accounts"),
    ];
    paths.insert(
        "/api/v1/paths".to_owned(),
        json!({"get": {"tags": ["paths"], "summary": "Attack paths, broken recovery and ranked fixes (as of ?at=)",
            "operationId": "get_paths", "parameters": paths_path,
            "responses": responses(("200", "The analysis", json!({"$ref": "#/components/schemas/Paths"})), &errors)}}),
    );
    schemas.insert("Paths".to_owned(), paths_schema);
    let (findings_query, findings_schema) = crate::pages::findings::openapi();
    paths.insert(
        "/api/v1/findings".to_owned(),
        json!({"get": {"tags": ["vulnerabilities"], "summary": "Findings of the loaded feeds on the current ledger (as mamori vuln match)",
            "operationId": "get_findings", "parameters": findings_query,
            "responses": responses(("200", "The findings", json!({"$ref": "#/components/schemas/Findings"})),
                &[("400", "Unknown tier"), ("401", "Not logged in")])}}),
    );
    schemas.insert("Findings".to_owned(), findings_schema);
    let (suggest_query, suggest_schema) = crate::pages::suggestions::openapi();
    paths.insert(
        "/api/v1/cpe-suggestions".to_owned(),
        json!({"get": {"tags": ["vulnerabilities"], "summary": "CPE names suggested for assets without any (as mamori vuln suggest), for a person to confirm",
            "operationId": "get_cpe_suggestions", "parameters": suggest_query,
            "responses": responses(("200", "The suggestions", json!({"$ref": "#/components/schemas/CpeSuggestions"})),
                &[("401", "Not logged in")])}}),
    );
    schemas.insert("CpeSuggestions".to_owned(), suggest_schema);
    paths.insert(
        "/api/v1/findings/alerts/seen".to_owned(),
        json!({"post": {"tags": ["vulnerabilities"], "summary": "Marks the alerts of now (those this user may see) as seen by this user: they are no longer new (?alerts=1&new=1) until they go away and come back or become KEV",
            "operationId": "mark_alerts_seen",
            "responses": responses(("200", "What was marked", json!({"$ref": "#/components/schemas/AlertsSeen"})),
                &[("401", "Not logged in"), ("403", "Cross-site request or missing CSRF token")])}}),
    );
    schemas.insert(
        "AlertsSeen".to_owned(),
        crate::pages::findings::openapi_mark_seen(),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "mamori API",
            "version": "1",
            "description": "The hospital network ledger. Authenticate with a session cookie (plus the X-CSRF-Token header on writes) or `Authorization: Bearer <API token>`. Errors are {code, message} with stable codes."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "mamori_session"}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_paths_and_record_schema() {
        let document = document();
        for kind in super::super::kinds() {
            let path = format!("/api/v1/{}", kind.code());
            assert!(document["paths"][&path]["post"].is_object(), "{path}");
            assert!(
                document["paths"][format!("{path}/{{id}}")]["delete"].is_object(),
                "{path}"
            );
        }
        let zone = &document["paths"]["/api/v1/zones/{id}"]["put"]["requestBody"]["content"]["application/json"]
            ["schema"]["properties"]["record"]["$ref"];
        let target = zone.as_str().unwrap_or_default();
        let name = target.trim_start_matches("#/components/schemas/");
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{target}"
        );
        assert!(!document_text().contains("#/$defs/"));
    }
}
