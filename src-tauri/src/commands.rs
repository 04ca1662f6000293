//! The Tauri commands: each only finds the store and calls [`crate::cases`].

use candor_store::Store;
use tauri::State;
use tokio::sync::OnceCell;

use crate::cases::{self, CaseChart, CaseRow};
use crate::error::CommandError;

/// The app's state: the store, opened on first use (so that a database that cannot be opened
/// is reported in the window rather than preventing it from opening; a failed open is tried
/// again on the next command).
#[derive(Default)]
pub struct AppState {
    store: OnceCell<Store>,
}

impl AppState {
    /// The store at `CANDOR_DB` or in the user's data directory, opened (and migrated) once.
    pub async fn store(&self) -> Result<&Store, CommandError> {
        let open = || async {
            let path = candor_store::default_db_path()?;
            Store::open(&path).await
        };
        Ok(self.store.get_or_try_init(open).await?)
    }
}

/// Every case with its NPV and payback month.
#[tauri::command]
pub async fn list_cases(state: State<'_, AppState>) -> Result<Vec<CaseRow>, CommandError> {
    cases::list(state.store().await?).await
}

/// The case `id` with its headline figures and its cumulative cash-flow chart as SVG.
#[tauri::command]
pub async fn case_chart(state: State<'_, AppState>, id: i64) -> Result<CaseChart, CommandError> {
    cases::chart(state.store().await?, id).await
}
