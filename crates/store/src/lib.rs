//! Candor's store: the cases (with their scenarios), named versions, the trash and the user's
//! catalog overrides, in one SQLite file through sqlx. The app and the CLI open the same
//! file, at the same time if need be.
//!
//! Boundaries: persistence only. Every case is checked by the engine (`candor_engine::validate`)
//! against the effective catalog before it is written, so the store never holds a case the
//! engine would refuse. Every change runs in one transaction begun as a write (`BEGIN
//! IMMEDIATE`), so that a writer waits for another process's write (the busy timeout)
//! instead of failing when it tries to upgrade a read. Opening is serialised across
//! processes and backs an older file up before migrating it (see [`open`](crate::Store::open)).
//! A deleted case goes to the trash with its versions and comes back whole. A row that
//! cannot be read is listed as damaged, and every other case still works. A file that cannot
//! be written is opened read-only: every read works, every write is refused with
//! [`StoreError::ReadOnly`].

mod error;
mod open;
mod trash;

use std::path::{Path, PathBuf};

use candor_engine::{Case, Catalog, CatalogItem, EngineError, FieldError, Scenario, shipped};
use serde::Serialize;
use sqlx::sqlite::SqlitePool;
use sqlx::{Row, Sqlite, Transaction};

pub use error::StoreError;
pub use trash::TrashedCase;

/// Tauri's identifier for the app: its data directory is `<data dir>/app.candor`, and the CLI
/// uses the same folder so both see the same cases.
pub const APP_IDENTIFIER: &str = "app.candor";
/// Environment variable that points the app and the CLI at another database file.
pub const DB_ENV: &str = "CANDOR_DB";

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
    /// Empty when the row is damaged.
    pub use_case: String,
    /// Empty when the row is damaged.
    pub currency: String,
    pub template: Option<String>,
    pub revision: i64,
    pub updated_at: String,
    /// Why the stored case cannot be read, if it cannot: the list still shows it, by name.
    pub damage: Option<String>,
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

/// How a new case's name is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// The case's own name; a name taken by another case is refused.
    Exact,
    /// The case's name, else `name (2)`, `name (3)`… whichever no case has, chosen in the
    /// transaction that inserts it (so two processes never pick the same one).
    FirstFree,
}

/// The open database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    read_only: Option<String>,
    backup: Option<PathBuf>,
}

pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse_case(body: &str) -> Result<Case> {
    candor_engine::read_case_file(body.as_bytes()).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn no_case(id: i64) -> StoreError {
    StoreError::NotFound { what: "case with id", key: id.to_string() }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrates it (backing an older file
    /// up first) and, the first time, seeds the shipped templates; one process at a time. A
    /// file that cannot be written is opened read-only (see [`Store::read_only`]).
    pub async fn open(path: &Path) -> Result<Store> {
        let opened = open::open(path).await?;
        Ok(Store {
            pool: opened.pool,
            path: path.to_path_buf(),
            read_only: opened.read_only,
            backup: opened.backup,
        })
    }

    /// Opens the default database (see [`default_db_path`]).
    pub async fn open_default() -> Result<Store> {
        Store::open(&default_db_path()?).await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the file cannot be written, when it was opened for viewing only.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The copy of the file made before this open migrated it, if it did.
    pub fn backup(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// A transaction that holds the write lock from its first statement, so that what it
    /// reads cannot change before it writes.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.display().to_string(),
                reason: reason.clone(),
            });
        }
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    // ----- cases -------------------------------------------------------------------------

    /// Every case not in the trash, by name; a row whose case cannot be read is listed with
    /// its damage rather than failing the list.
    pub async fn list_cases(&self) -> Result<Vec<CaseSummary>> {
        let rows = sqlx::query(
            "SELECT id, name, body, template, revision, updated_at FROM cases
             WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let (use_case, currency, damage) = match parse_case(r.get("body")) {
                    Ok(case) => (case.use_case, case.currency, None),
                    Err(e) => (String::new(), String::new(), Some(e.to_string())),
                };
                CaseSummary {
                    id: r.get("id"),
                    name: r.get("name"),
                    use_case,
                    currency,
                    template: r.get("template"),
                    revision: r.get("revision"),
                    updated_at: r.get("updated_at"),
                    damage,
                }
            })
            .collect())
    }

    /// Case `id`, unless it is in the trash.
    pub async fn load_case(&self, id: i64) -> Result<StoredCase> {
        let row = sqlx::query("SELECT id, revision, body FROM cases WHERE id = ? AND deleted_at IS NULL")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| no_case(id))?;
        Ok(StoredCase {
            id: row.get("id"),
            revision: row.get("revision"),
            case: parse_case(row.get("body"))?,
        })
    }

    /// A case by id (digits) or by name (case-insensitive), not in the trash.
    pub async fn find_case(&self, key: &str) -> Result<StoredCase> {
        if let Ok(id) = key.parse::<i64>()
            && let Ok(found) = self.load_case(id).await
        {
            return Ok(found);
        }
        let row = sqlx::query("SELECT id FROM cases WHERE name = ? COLLATE NOCASE AND deleted_at IS NULL")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound { what: "case named", key: key.to_string() })?;
        self.load_case(row.get("id")).await
    }

    /// Validates and inserts a new case, named as `naming` says; returns it with its id.
    pub async fn create_case(
        &self,
        case: &Case,
        template: Option<&str>,
        naming: Naming,
    ) -> Result<StoredCase> {
        let catalog = self.catalog().await?;
        candor_engine::validate(case, &catalog)?;
        let mut tx = self.write().await?;
        let mut case = case.clone();
        if naming == Naming::FirstFree {
            let name = free_name(&mut tx, &case.name).await?;
            if name != case.name {
                case.name = name;
                candor_engine::validate(&case, &catalog)?;
            }
        }
        let id = insert_case(&mut tx, &case, template).await?;
        tx.commit().await?;
        Ok(StoredCase { id, revision: 1, case })
    }

    /// A new case from a shipped template, named `name` or the template's name (made unique
    /// with a number when taken).
    pub async fn create_from_template(&self, template: &str, name: Option<&str>) -> Result<StoredCase> {
        let t = shipped::template(template)
            .ok_or_else(|| StoreError::NotFound { what: "template", key: template.to_string() })?;
        let mut case = t.case;
        let naming = match name {
            Some(n) => {
                case.name = n.to_string();
                Naming::Exact
            }
            None => Naming::FirstFree,
        };
        self.create_case(&case, Some(t.id), naming).await
    }

    /// Validates and saves `case` over case `id`. With `expected_revision`, refuses to
    /// overwrite a newer save (another window or the CLI). Returns the new revision.
    pub async fn save_case(&self, id: i64, case: &Case, expected_revision: Option<i64>) -> Result<i64> {
        candor_engine::validate(case, &self.catalog().await?)?;
        let mut tx = self.write().await?;
        let current: i64 =
            sqlx::query_scalar("SELECT revision FROM cases WHERE id = ? AND deleted_at IS NULL")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| no_case(id))?;
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
        let mut tx = self.write().await?;
        let body: String = sqlx::query_scalar("SELECT body FROM cases WHERE id = ? AND deleted_at IS NULL")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| no_case(case_id))?;
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

    /// The versions of case `id`, oldest first (those of a trashed case too, for the trash).
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
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO catalog_overrides (item_id, body, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (item_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(&item.id)
        .bind(to_json(item)?)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the user's override of `id` (a shipped item returns to its shipped price).
    /// A user-added item still cited by a case, in the trash or not, is kept, and the case is
    /// named.
    pub async fn remove_catalog_override(&self, id: &str) -> Result<()> {
        let mut tx = self.write().await?;
        let shipped_has = shipped::catalog().get(id).is_some();
        if !shipped_has {
            let rows = sqlx::query("SELECT name, body, deleted_at FROM cases").fetch_all(&mut *tx).await?;
            for r in rows {
                // A damaged row cites nothing that can be read; it does not block the removal.
                let Ok(case) = parse_case(r.get("body")) else { continue };
                if case.costs.iter().any(|c| c.catalog_item.as_deref() == Some(id)) {
                    let name: String = r.get("name");
                    let trashed: Option<String> = r.get("deleted_at");
                    let case = if trashed.is_some() { format!("{name} (in the trash)") } else { name };
                    return Err(StoreError::ItemInUse { id: id.to_string(), case });
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

pub(crate) async fn insert_case(
    tx: &mut Transaction<'_, Sqlite>,
    case: &Case,
    template: Option<&str>,
) -> Result<i64> {
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

/// `base`, or `base (2)`, `base (3)`… whichever no case outside the trash has (such names
/// are unique, ignoring case). Called inside the writing transaction that uses the name.
pub(crate) async fn free_name(tx: &mut Transaction<'_, Sqlite>, base: &str) -> Result<String> {
    let taken: Vec<String> =
        sqlx::query_scalar("SELECT name FROM cases WHERE deleted_at IS NULL").fetch_all(&mut **tx).await?;
    let is_taken = |n: &str| taken.iter().any(|t| t.eq_ignore_ascii_case(n));
    if !is_taken(base) {
        return Ok(base.to_string());
    }
    Ok((2..).map(|i| format!("{base} ({i})")).find(|n| !is_taken(n)).unwrap_or_default())
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
