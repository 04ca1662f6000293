//! The engine's one error type. Every variant carries enough to tell the user what to fix;
//! `code()` gives a stable machine code the UI and CLI branch on.

use serde::Serialize;

/// One problem with one input, named by its path in the case (e.g. `costs[3].unit_price`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// The case breaks one or more rules; each names its field.
    #[error("invalid case: {}", join(.0))]
    Invalid(Vec<FieldError>),
    /// The case file is not JSON of the expected shape (truncated, wrong types, unknown fields).
    #[error("unreadable case file: {0}")]
    Malformed(String),
    /// The file was written by a newer Candor.
    #[error(
        "the case file has schema version {found}, newer than this Candor reads ({supported}); update Candor to open it"
    )]
    FutureSchema { found: u64, supported: u32 },
    #[error("the case file is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("the case has no scenario named {0:?}")]
    UnknownScenario(String),
    /// A simulation stopped because its caller asked it to.
    #[error("the simulation was cancelled")]
    Cancelled,
}

fn join(errors: &[FieldError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl EngineError {
    /// A stable code for programs: the UI branches on it, never on the message.
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::Invalid(_) => "invalid_case",
            EngineError::Malformed(_) => "malformed_file",
            EngineError::FutureSchema { .. } => "future_schema",
            EngineError::TooLarge { .. } => "file_too_large",
            EngineError::UnknownScenario(_) => "unknown_scenario",
            EngineError::Cancelled => "cancelled",
        }
    }

    /// The field errors of an invalid case (empty for other errors).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            EngineError::Invalid(e) => e,
            _ => &[],
        }
    }
}
