//! The store's one error type, with a stable code for programs.

use candor_engine::{EngineError, FieldError};

use crate::DB_ENV;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("no {what} {key:?}")]
    NotFound { what: &'static str, key: String },
    #[error("a {what} named {name:?} already exists")]
    NameTaken { what: &'static str, name: String },
    #[error("the case changed since it was loaded (revision {expected}, now {actual}); reload it")]
    Conflict { expected: i64, actual: i64 },
    #[error("the catalog item is invalid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidCatalogItem(Vec<FieldError>),
    #[error("catalog item {id:?} is used by case {case:?}")]
    ItemInUse { id: String, case: String },
    #[error("the database {path} was written by a newer Candor ({detail}); update Candor to open it")]
    FutureDatabase { path: String, detail: String },
    #[error("no data directory for the database: set {DB_ENV} or pass --db")]
    NoDataDir,
    #[error("cannot create the database in the folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    /// The file or its folder cannot be written: the store is open for viewing only.
    #[error(
        "the database {path} is read-only ({reason}): its cases can be listed, opened, simulated \
         and exported, but not changed"
    )]
    ReadOnly { path: String, reason: String },
    /// A read-only database that this Candor would have to migrate before reading it.
    #[error(
        "the database {path} is read-only and was written by an older Candor: it must be \
         upgraded before it can be read, which needs write access to it and its folder"
    )]
    ReadOnlyNeedsUpgrade { path: String },
    #[error("the database {path} could not be backed up before its upgrade to {backup}: {source}")]
    Backup { path: String, backup: String, source: sqlx::Error },
    #[error("stored data could not be read back: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// A stable code for programs (the app's `{code, message}`).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Engine(e) => e.code(),
            StoreError::NotFound { .. } => "not_found",
            StoreError::NameTaken { .. } => "name_taken",
            StoreError::Conflict { .. } => "conflict",
            StoreError::InvalidCatalogItem(_) => "invalid_catalog_item",
            StoreError::ItemInUse { .. } => "item_in_use",
            StoreError::FutureDatabase { .. } => "future_database",
            StoreError::NoDataDir | StoreError::Folder { .. } => "no_data_dir",
            StoreError::ReadOnly { .. } | StoreError::ReadOnlyNeedsUpgrade { .. } => "read_only",
            StoreError::Backup { .. } => "backup",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Database(_) => "database",
        }
    }

    /// True for errors caused by what the user gave (exit code 2 in the CLI), false for
    /// failures of the machine or the file (exit code 1).
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Database(_)
                | StoreError::Corrupt(_)
                | StoreError::Folder { .. }
                | StoreError::ReadOnly { .. }
                | StoreError::ReadOnlyNeedsUpgrade { .. }
                | StoreError::Backup { .. }
        )
    }
}
