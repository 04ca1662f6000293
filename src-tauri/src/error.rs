//! The one error type the commands return. The UI receives it as `{code, message}`: `code`
//! says which layer failed (for the UI to choose a wording), `message` is for the reader.

use candor_engine::{EngineError, FieldError};
use candor_store::StoreError;
use serde::Serialize;

/// An error as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, ts_rs::TS)]
#[error("{code}: {message}")]
pub struct CommandError {
    /// A stable code to branch on: the store's and the engine's own codes (`not_found`,
    /// `invalid_case`, `database`…), or `chart`.
    pub code: &'static str,
    /// What went wrong, for the reader.
    pub message: String,
    /// For an invalid case: each problem with the field it concerns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldError>>", optional)]
    pub fields: Vec<FieldError>,
}

impl CommandError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CommandError { code, message: message.into(), fields: Vec::new() }
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let fields = match &e {
            StoreError::Engine(engine) => engine.field_errors().to_vec(),
            StoreError::InvalidCatalogItem(errors) => errors.clone(),
            _ => Vec::new(),
        };
        CommandError { code: e.code(), message: e.to_string(), fields }
    }
}

impl From<EngineError> for CommandError {
    fn from(e: EngineError) -> Self {
        CommandError { code: e.code(), message: e.to_string(), fields: e.field_errors().to_vec() }
    }
}

impl From<candor_charts::ChartError> for CommandError {
    fn from(e: candor_charts::ChartError) -> Self {
        CommandError::new("chart", e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let e = CommandError::new("database", "the database is locked");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json, serde_json::json!({"code": "database", "message": "the database is locked"}));
    }

    #[test]
    fn an_invalid_case_names_its_fields() {
        let engine = EngineError::Invalid(vec![FieldError::new("horizon_months", "must be 12–120")]);
        let json = serde_json::to_value(CommandError::from(StoreError::Engine(engine))).unwrap();
        assert_eq!(json["code"], "invalid_case");
        assert_eq!(json["fields"][0]["field"], "horizon_months");
    }
}
