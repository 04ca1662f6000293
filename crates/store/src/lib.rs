//! Candor's store: the cases (with their scenarios), named versions and the user's catalog
//! overrides, in one SQLite file through sqlx. The app and the CLI open the same file.
//!
//! Boundaries: persistence only. Every case is checked by the engine (`candor_engine::validate`)
//! against the effective catalog before it is written, so the store never holds a case the
//! engine would refuse; every change runs in one transaction. Migrations (`migrations/`) run
//! before first use; the connection uses WAL and a busy timeout so the app and the CLI can
//! share the file.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use candor_engine::{Case, Catalog, CatalogItem, EngineError, FieldError, Scenario, shipped};
use serde::Serialize;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};

/// Tauri's identifier for the app: its data directory is `<data dir>/app.candor`, and the CLI
/// uses the same folder so both see the same cases.
pub const APP_IDENTIFIER: &str = "app.candor";
/// Environment variable that points the app and the CLI at another database file.
pub const DB_ENV: &str = "CANDOR_DB";

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
    #[error("cannot create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
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
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Database(_) => "database",
        }
    }

    /// True for errors caused by what the user gave (exit code 2 in the CLI), false for
    /// failures of the machine or the file (exit code 1).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, StoreError::Database(_) | StoreError::Corrupt(_) | StoreError::Folder { .. })
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database file used when none is named: `$CANDOR_DB`, else the app's data directory.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(dirs::data_dir().ok_or(StoreError::NoDataDir)?.join(APP_IDENTIFIER).join("candor.db"))
}

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseSummary {
    pub id: i64,
    pub name: String,
    pub use_case: String,
    pub currency: String,
    pub template: Option<String>,
    pub revision: i64,
    pub updated_at: String,
}

/// A case as stored, with its id and revision (bumped on every save).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    pub id: i64,
    pub revision: i64,
    pub case: Case,
}

/// A frozen snapshot's listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionSummary {
    pub id: i64,
    pub case_id: i64,
    pub name: String,
    pub created_at: String,
}

/// The open database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse_case(body: &str) -> Result<Case> {
    candor_engine::read_case_file(body.as_bytes()).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it and, the first time,
    /// seeds the shipped templates.
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| StoreError::Folder { path: dir.display().to_string(), source })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(v) => StoreError::FutureDatabase {
                path: path.display().to_string(),
                detail: format!("it has migration {v}, unknown to this build"),
            },
            other => StoreError::Database(other.into()),
        })?;
        let store = Store { pool, path: path.to_path_buf() };
        store.seed_templates().await?;
        Ok(store)
    }

    /// Opens the default database (see [`default_db_path`]).
    pub async fn open_default() -> Result<Store> {
        Store::open(&default_db_path()?).await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }

    async fn seed_templates(&self) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let seeded =
            sqlx::query("SELECT value FROM meta WHERE key = 'seeded'").fetch_optional(&mut *tx).await?;
        if seeded.is_some() {
            return Ok(());
        }
        let catalog = shipped::catalog();
        for t in shipped::templates() {
            candor_engine::validate(&t.case, &catalog)?;
            insert_case(&mut tx, &t.case, Some(t.id)).await?;
        }
        sqlx::query("INSERT INTO meta (key, value) VALUES ('seeded', ?)")
            .bind(now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // ----- cases -------------------------------------------------------------------------

    pub async fn list_cases(&self) -> Result<Vec<CaseSummary>> {
        let rows = sqlx::query(
            "SELECT id, name, body, template, revision, updated_at FROM cases ORDER BY name COLLATE NOCASE",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let case = parse_case(r.get("body"))?;
                Ok(CaseSummary {
                    id: r.get("id"),
                    name: r.get("name"),
                    use_case: case.use_case,
                    currency: case.currency,
                    template: r.get("template"),
                    revision: r.get("revision"),
                    updated_at: r.get("updated_at"),
                })
            })
            .collect()
    }

    pub async fn load_case(&self, id: i64) -> Result<StoredCase> {
        let row = sqlx::query("SELECT id, revision, body FROM cases WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "case with id", key: id.to_string() })?;
        Ok(StoredCase {
            id: row.get("id"),
            revision: row.get("revision"),
            case: parse_case(row.get("body"))?,
        })
    }

    /// A case by id (digits) or by name (case-insensitive).
    pub async fn find_case(&self, key: &str) -> Result<StoredCase> {
        if let Ok(id) = key.parse::<i64>()
            && let Ok(found) = self.load_case(id).await
        {
            return Ok(found);
        }
        let row = sqlx::query("SELECT id FROM cases WHERE name = ? COLLATE NOCASE")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "case named", key: key.to_string() })?;
        self.load_case(row.get("id")).await
    }

    /// Validates and inserts a new case; returns it with its id.
    pub async fn create_case(&self, case: &Case, template: Option<&str>) -> Result<StoredCase> {
        candor_engine::validate(case, &self.catalog().await?)?;
        let mut tx = self.pool.begin().await?;
        let id = insert_case(&mut tx, case, template).await?;
        tx.commit().await?;
        Ok(StoredCase { id, revision: 1, case: case.clone() })
    }

    /// A new case from a shipped template, named `name` or the template's name (made unique
    /// with a number when taken).
    pub async fn create_from_template(&self, template: &str, name: Option<&str>) -> Result<StoredCase> {
        let t = shipped::template(template)
            .ok_or_else(|| StoreError::NotFound { what: "template", key: template.to_string() })?;
        let mut case = t.case;
        case.name = match name {
            Some(n) => n.to_string(),
            None => self.unique_name(&case.name).await?,
        };
        self.create_case(&case, Some(t.id)).await
    }

    /// `base`, or `base (2)`, `base (3)`… whichever no case has yet (names are unique).
    pub async fn unique_name(&self, base: &str) -> Result<String> {
        let taken: Vec<String> = sqlx::query_scalar("SELECT name FROM cases").fetch_all(&self.pool).await?;
        let is_taken = |n: &str| taken.iter().any(|t| t.eq_ignore_ascii_case(n));
        if !is_taken(base) {
            return Ok(base.to_string());
        }
        Ok((2..).map(|i| format!("{base} ({i})")).find(|n| !is_taken(n)).unwrap_or_default())
    }

    /// Validates and saves `case` over case `id`. With `expected_revision`, refuses to
    /// overwrite a newer save (another window or the CLI). Returns the new revision.
    pub async fn save_case(&self, id: i64, case: &Case, expected_revision: Option<i64>) -> Result<i64> {
        candor_engine::validate(case, &self.catalog().await?)?;
        let mut tx = self.pool.begin().await?;
        let current: i64 = sqlx::query_scalar("SELECT revision FROM cases WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "case with id", key: id.to_string() })?;
        if let Some(expected) = expected_revision
            && expected != current
        {
            return Err(StoreError::Conflict { expected, actual: current });
        }
        sqlx::query(
            "UPDATE cases SET name = ?, body = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
        )
        .bind(&case.name)
        .bind(to_json(case)?)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| name_taken(e, "case", &case.name))?;
        tx.commit().await?;
        Ok(current + 1)
    }

    /// Deletes a case and its versions.
    pub async fn delete_case(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM cases WHERE id = ?").bind(id).execute(&self.pool).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "case with id", key: id.to_string() });
        }
        Ok(())
    }

    /// Adds or replaces a scenario of case `id` (by name).
    pub async fn put_scenario(&self, id: i64, scenario: Scenario) -> Result<i64> {
        let stored = self.load_case(id).await?;
        let mut case = stored.case;
        match case.scenarios.iter_mut().find(|s| s.name == scenario.name) {
            Some(s) => *s = scenario,
            None => case.scenarios.push(scenario),
        }
        self.save_case(id, &case, Some(stored.revision)).await
    }

    // ----- versions ----------------------------------------------------------------------

    /// Freezes the case as it is now under `name`.
    pub async fn freeze_version(&self, case_id: i64, name: &str) -> Result<VersionSummary> {
        if name.trim().is_empty() {
            return Err(
                EngineError::Invalid(vec![FieldError::new("version.name", "must not be empty")]).into()
            );
        }
        let mut tx = self.pool.begin().await?;
        let body: String = sqlx::query_scalar("SELECT body FROM cases WHERE id = ?")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "case with id", key: case_id.to_string() })?;
        let created_at = now();
        let id = sqlx::query("INSERT INTO versions (case_id, name, body, created_at) VALUES (?, ?, ?, ?)")
            .bind(case_id)
            .bind(name)
            .bind(body)
            .bind(&created_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| name_taken(e, "version", name))?
            .last_insert_rowid();
        tx.commit().await?;
        Ok(VersionSummary { id, case_id, name: name.to_string(), created_at })
    }

    pub async fn list_versions(&self, case_id: i64) -> Result<Vec<VersionSummary>> {
        let rows =
            sqlx::query("SELECT id, case_id, name, created_at FROM versions WHERE case_id = ? ORDER BY id")
                .bind(case_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .map(|r| VersionSummary {
                id: r.get("id"),
                case_id: r.get("case_id"),
                name: r.get("name"),
                created_at: r.get("created_at"),
            })
            .collect())
    }

    pub async fn load_version(&self, case_id: i64, name: &str) -> Result<Case> {
        let body: String = sqlx::query_scalar("SELECT body FROM versions WHERE case_id = ? AND name = ?")
            .bind(case_id)
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "version", key: name.to_string() })?;
        parse_case(&body)
    }

    // ----- catalog -----------------------------------------------------------------------

    /// The effective catalog: shipped items with the user's overrides on top.
    pub async fn catalog(&self) -> Result<Catalog> {
        let mut catalog = shipped::catalog();
        for item in self.catalog_overrides().await? {
            catalog.upsert(item);
        }
        Ok(catalog)
    }

    /// The user's own items and edits, apart from the shipped catalog.
    pub async fn catalog_overrides(&self) -> Result<Vec<CatalogItem>> {
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM catalog_overrides ORDER BY item_id")
            .fetch_all(&self.pool)
            .await?;
        bodies
            .iter()
            .map(|b| {
                serde_json::from_str(b).map_err(|e| StoreError::Corrupt(format!("catalog override: {e}")))
            })
            .collect()
    }

    /// Adds a user item or overrides a shipped one with the same id.
    pub async fn put_catalog_item(&self, item: &CatalogItem) -> Result<()> {
        let errors = item.check();
        if !errors.is_empty() {
            return Err(StoreError::InvalidCatalogItem(errors));
        }
        sqlx::query(
            "INSERT INTO catalog_overrides (item_id, body, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (item_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(&item.id)
        .bind(to_json(item)?)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes the user's override of `id` (a shipped item returns to its shipped price).
    /// A user-added item still cited by a case is kept, and the case is named.
    pub async fn remove_catalog_override(&self, id: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let shipped_has = shipped::catalog().get(id).is_some();
        if !shipped_has {
            let rows = sqlx::query("SELECT name, body FROM cases").fetch_all(&mut *tx).await?;
            for r in rows {
                let case = parse_case(r.get("body"))?;
                if case.costs.iter().any(|c| c.catalog_item.as_deref() == Some(id)) {
                    return Err(StoreError::ItemInUse { id: id.to_string(), case: r.get("name") });
                }
            }
        }
        let done =
            sqlx::query("DELETE FROM catalog_overrides WHERE item_id = ?").bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "catalog override", key: id.to_string() });
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_case(tx: &mut Transaction<'_, Sqlite>, case: &Case, template: Option<&str>) -> Result<i64> {
    let ts = now();
    let done = sqlx::query(
        "INSERT INTO cases (name, body, template, revision, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
    )
    .bind(&case.name)
    .bind(to_json(case)?)
    .bind(template)
    .bind(&ts)
    .bind(&ts)
    .execute(&mut **tx)
    .await
    .map_err(|e| name_taken(e, "case", &case.name))?;
    Ok(done.last_insert_rowid())
}

/// Turns a UNIQUE violation into a clear "name taken" error.
fn name_taken(e: sqlx::Error, what: &'static str, name: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::NameTaken { what, name: name.to_string() }
        }
        _ => StoreError::Database(e),
    }
}
