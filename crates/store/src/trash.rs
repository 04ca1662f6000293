//! The trash: a deleted case stays in the file, versions and all, until the trash is
//! emptied, and a restore brings it back whole under the same id.

use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store, StoreError, free_name, no_case, now};

/// The trashed cases with their version counts, then `$tail` (a condition or an order).
macro_rules! trashed_sql {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.name, c.deleted_at,
                    (SELECT count(*) FROM versions v WHERE v.case_id = c.id) AS n
             FROM cases c WHERE c.deleted_at IS NOT NULL",
            $tail
        )
    };
}

/// A case in the trash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrashedCase {
    pub id: i64,
    pub name: String,
    pub deleted_at: String,
    /// Its frozen versions, kept with it.
    pub versions: i64,
}

impl Store {
    /// Moves case `id` to the trash with its versions; the trashed case.
    pub async fn delete_case(&self, id: i64) -> Result<TrashedCase> {
        let mut tx = self.write().await?;
        let deleted_at = now();
        let done = sqlx::query("UPDATE cases SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL")
            .bind(&deleted_at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(no_case(id));
        }
        let trashed = trashed(&mut tx, id).await?.ok_or_else(|| no_case(id))?;
        tx.commit().await?;
        Ok(trashed)
    }

    /// The cases in the trash, the most recently deleted first.
    pub async fn list_trash(&self) -> Result<Vec<TrashedCase>> {
        let rows =
            sqlx::query(trashed_sql!(" ORDER BY c.deleted_at DESC, c.id DESC")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(row_to_trashed).collect())
    }

    /// A trashed case by id (digits) or by name (case-insensitive; the most recently deleted
    /// of that name).
    pub async fn find_trashed(&self, key: &str) -> Result<TrashedCase> {
        let trash = self.list_trash().await?;
        let by_id = key.parse::<i64>().ok().and_then(|id| trash.iter().find(|t| t.id == id));
        by_id
            .or_else(|| trash.iter().find(|t| t.name.eq_ignore_ascii_case(key)))
            .cloned()
            .ok_or_else(|| StoreError::NotFound { what: "case in the trash", key: key.to_string() })
    }

    /// Brings case `id` back from the trash with every version, under the same id; renamed
    /// `name (2)`… if another case has taken its name meanwhile. Its new name.
    pub async fn restore_case(&self, id: i64) -> Result<String> {
        let mut tx = self.write().await?;
        let name: String =
            sqlx::query_scalar("SELECT name FROM cases WHERE id = ? AND deleted_at IS NOT NULL")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound {
                    what: "case in the trash with id",
                    key: id.to_string(),
                })?;
        let free = free_name(&mut tx, &name).await?;
        if free == name {
            sqlx::query("UPDATE cases SET deleted_at = NULL WHERE id = ?").bind(id).execute(&mut *tx).await?;
        } else {
            // The name is in the document too: rename both, as one save would.
            let body: String = sqlx::query_scalar("SELECT body FROM cases WHERE id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            let mut case = crate::parse_case(&body)?;
            case.name = free.clone();
            sqlx::query(
                "UPDATE cases SET deleted_at = NULL, name = ?, body = ?, revision = revision + 1,
                 updated_at = ? WHERE id = ?",
            )
            .bind(&free)
            .bind(crate::to_json(&case)?)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(free)
    }

    /// Deletes every case in the trash for good, with its versions; how many were deleted.
    pub async fn empty_trash(&self) -> Result<u64> {
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM cases WHERE deleted_at IS NOT NULL").execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}

async fn trashed(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, id: i64) -> Result<Option<TrashedCase>> {
    let row = sqlx::query(trashed_sql!(" AND c.id = ?")).bind(id).fetch_optional(&mut **tx).await?;
    Ok(row.as_ref().map(row_to_trashed))
}

fn row_to_trashed(r: &sqlx::sqlite::SqliteRow) -> TrashedCase {
    TrashedCase {
        id: r.get("id"),
        name: r.get("name"),
        deleted_at: r.get("deleted_at"),
        versions: r.get("n"),
    }
}
