//! Opening the database file: one process at a time migrates and seeds it, an older file is
//! backed up before a migration changes it, and a file that cannot be written is opened for
//! viewing only.
//!
//! Processes (the app, the CLI, several of either) serialise their first use of a file with
//! an advisory lock on `<file>.lock` beside it, held while the schema is made or migrated and
//! the templates are seeded; after that they share the file through SQLite's own locking
//! (WAL, a busy timeout, every write transaction begun as a write). The lock file stays: it
//! is empty, and removing it would let two processes lock different files.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use candor_engine::shipped;
use sqlx::Row;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::{Result, StoreError, insert_case, now};

/// The schema's migrations, embedded in the binary.
pub(crate) static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How long a statement waits for another process's write before it fails as busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections of one process: the app reads while it writes, the CLI needs one.
const MAX_CONNECTIONS: u32 = 4;

/// The database as opened.
pub(crate) struct Opened {
    pub pool: SqlitePool,
    /// Why the file cannot be written, when it is open for viewing only.
    pub read_only: Option<String>,
    /// The copy made before this open migrated the file, if it did.
    pub backup: Option<PathBuf>,
}

/// The settings of every connection. The journal mode is not among them: it is set once, by
/// the process that makes the file, since changing it needs a lock that the busy timeout
/// does not wait for.
fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(BUSY_TIMEOUT)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
}

/// An I/O failure that means "this cannot be written here".
fn denied(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem)
}

/// A SQLite failure that means the same: SQLITE_READONLY (8) or SQLITE_CANTOPEN (14), by
/// their primary codes.
fn denied_by_sqlite(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|code| matches!(code & 0xff, 8 | 14))
        }
        sqlx::Error::Io(io) => denied(io),
        _ => false,
    }
}

pub(crate) async fn open(path: &Path) -> Result<Opened> {
    let exists = path.try_exists().unwrap_or(false);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(source) = std::fs::create_dir_all(dir)
    {
        if exists {
            return open_read_only(path, source.to_string()).await;
        }
        return Err(StoreError::Folder { path: dir.display().to_string(), source });
    }
    let lock_path = lock_path(path);
    let lock = match OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path) {
        Ok(file) => file,
        Err(e) if denied(&e) && exists => return open_read_only(path, e.to_string()).await,
        Err(source) => {
            let folder = path.parent().unwrap_or(Path::new(".")).display().to_string();
            return Err(StoreError::Folder { path: folder, source });
        }
    };
    let lock = wait_for(lock).await?;
    let prepared = prepare(path).await;
    drop(lock);
    let backup = match prepared {
        Err(StoreError::Database(e)) if exists && denied_by_sqlite(&e) => {
            return open_read_only(path, e.to_string()).await;
        }
        other => other?,
    };
    let pool = SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS).connect_with(options(path)).await?;
    Ok(Opened { pool, read_only: None, backup })
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Takes the exclusive lock on `file`, waiting for another process to finish opening.
async fn wait_for(file: File) -> Result<File> {
    let locked = tokio::task::spawn_blocking(move || file.lock().map(|()| file)).await;
    match locked {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(e)) => Err(StoreError::Database(sqlx::Error::Io(e))),
        Err(e) => Err(StoreError::Database(sqlx::Error::Io(std::io::Error::other(e)))),
    }
}

/// Makes or migrates the file and seeds the templates, under the lock; the backup made first
/// if an existing file had migrations to run.
async fn prepare(path: &Path) -> Result<Option<PathBuf>> {
    // One connection, the one that makes the file and sets its journal mode.
    let first = options(path).create_if_missing(true).journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(first).await?;
    let prepared = async {
        let backup = back_up_before_migrating(&pool, path).await?;
        MIGRATOR.run(&pool).await.map_err(|e| migrate_error(e, path))?;
        seed_templates(&pool).await?;
        Ok(backup)
    }
    .await;
    pool.close().await;
    prepared
}

fn migrate_error(e: MigrateError, path: &Path) -> StoreError {
    match e {
        MigrateError::VersionMissing(v) => StoreError::FutureDatabase {
            path: path.display().to_string(),
            detail: format!("it has migration {v}, unknown to this build"),
        },
        MigrateError::Execute(e) => StoreError::Database(e),
        other => StoreError::Database(other.into()),
    }
}

/// The versions of the migrations the file has, none for a file without the table.
async fn applied_migrations(pool: &SqlitePool) -> Result<Option<Vec<i64>>> {
    let has_table: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(pool)
    .await?;
    if has_table == 0 {
        return Ok(None);
    }
    let versions = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(pool)
        .await?;
    Ok(Some(versions))
}

/// Copies a file that holds cases to `<file>.before-migration-<version>-<time>` before the
/// first migration it lacks runs: a failed or unwanted upgrade can then be undone by hand.
async fn back_up_before_migrating(pool: &SqlitePool, path: &Path) -> Result<Option<PathBuf>> {
    let Some(applied) = applied_migrations(pool).await? else { return Ok(None) };
    let Some(next) = MIGRATOR.iter().map(|m| m.version).find(|v| !applied.contains(v)) else {
        return Ok(None);
    };
    if applied.is_empty() {
        return Ok(None);
    }
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".before-migration-{next}-{stamp}"));
    let backup = path.with_file_name(name);
    sqlx::query("VACUUM INTO ?").bind(backup.display().to_string()).execute(pool).await.map_err(
        |source| StoreError::Backup {
            path: path.display().to_string(),
            backup: backup.display().to_string(),
            source,
        },
    )?;
    Ok(Some(backup))
}

/// The shipped templates, the first time a file is opened (a user who deletes them does not
/// get them back).
async fn seed_templates(pool: &SqlitePool) -> Result<()> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let seeded = sqlx::query("SELECT value FROM meta WHERE key = 'seeded'").fetch_optional(&mut *tx).await?;
    if seeded.is_some() {
        return Ok(());
    }
    let catalog = shipped::catalog();
    for t in shipped::templates() {
        candor_engine::validate(&t.case, &catalog)?;
        insert_case(&mut tx, &t.case, Some(t.id)).await?;
    }
    sqlx::query("INSERT INTO meta (key, value) VALUES ('seeded', ?)").bind(now()).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Opens a file that cannot be written, for viewing: its cases can be listed, opened,
/// simulated and exported. It must already have every migration this build knows.
async fn open_read_only(path: &Path, reason: String) -> Result<Opened> {
    let pool = match read_only_pool(options(path).read_only(true)).await {
        Ok(pool) => pool,
        // A WAL file whose shared-memory index cannot be made in a read-only folder is read as
        // immutable: nothing can change it while that folder stays read-only.
        Err(_) => read_only_pool(options(path).read_only(true).immutable(true)).await?,
    };
    let applied = applied_migrations(&pool).await?.unwrap_or_default();
    let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if let Some(v) = applied.iter().find(|v| !known.contains(v)) {
        return Err(StoreError::FutureDatabase {
            path: path.display().to_string(),
            detail: format!("it has migration {v}, unknown to this build"),
        });
    }
    if known.iter().any(|v| !applied.contains(v)) {
        return Err(StoreError::ReadOnlyNeedsUpgrade { path: path.display().to_string() });
    }
    Ok(Opened { pool, read_only: Some(reason), backup: None })
}

async fn read_only_pool(options: SqliteConnectOptions) -> Result<SqlitePool> {
    let pool = SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS).connect_with(options).await?;
    let probe = sqlx::query("SELECT count(*) AS n FROM sqlite_master").fetch_one(&pool).await;
    match probe {
        Ok(row) => {
            let _: i64 = row.get("n");
            Ok(pool)
        }
        Err(e) => {
            pool.close().await;
            Err(e.into())
        }
    }
}
