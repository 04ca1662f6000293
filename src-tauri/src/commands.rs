//! The Tauri commands: each finds the store (and, for files, asks the user through a native
//! dialog) and calls one function of [`crate::cases`]; no logic lives here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use candor_engine::Case;
use candor_store::Store;
use tauri::ipc::Channel;
use tauri::{AppHandle, State, WebviewWindow};
use tokio::sync::OnceCell;

use crate::cases::{
    self, CaseChart, CaseRow, CatalogEntry, InputValue, OpenCase, SavedCase, StoreNotice, TemplateRow,
    TrashRow,
};
use crate::error::CommandError;
use crate::results::{self, CaseResults, SimulationResults};
use crate::versions::{self, VersionComparison, VersionRow};
use crate::{dialogs, exports};

/// The app's state: the store, opened on first use (so that a database that cannot be opened
/// is reported in the window rather than preventing it from opening; a failed open is tried
/// again on the next command).
#[derive(Default)]
pub struct AppState {
    store: OnceCell<Store>,
    /// The cancel flag of each case's running simulation: a new run of a case cancels the
    /// one before (its inputs are stale), and the UI's cancel button sets it.
    runs: Mutex<HashMap<i64, Arc<AtomicBool>>>,
}

impl AppState {
    /// The store at `CANDOR_DB` or in the user's data directory, opened (and migrated) once.
    pub async fn store(&self) -> Result<&Store> {
        let open = || async {
            let path = candor_store::default_db_path()?;
            Store::open(&path).await
        };
        Ok(self.store.get_or_try_init(open).await?)
    }
}

impl AppState {
    fn start_run(&self, id: i64) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        let mut runs = self.runs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(old) = runs.insert(id, flag.clone()) {
            old.store(true, Ordering::Relaxed);
        }
        flag
    }

    fn cancel_run(&self, id: i64) {
        let runs = self.runs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(flag) = runs.get(&id) {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

type Result<T> = std::result::Result<T, CommandError>;

/// Every case with its NPV and payback month.
#[tauri::command]
pub async fn list_cases(state: State<'_, AppState>) -> Result<Vec<CaseRow>> {
    cases::list(state.store().await?).await
}

/// The case `id` with its headline figures and its cumulative cash-flow chart as SVG.
#[tauri::command]
pub async fn case_chart(state: State<'_, AppState>, id: i64) -> Result<CaseChart> {
    cases::chart(state.store().await?, id).await
}

/// Whether the database is read-only, and the backup made before its upgrade.
#[tauri::command]
pub async fn store_notice(state: State<'_, AppState>) -> Result<StoreNotice> {
    Ok(cases::notice(state.store().await?))
}

#[tauri::command]
pub fn list_templates() -> Vec<TemplateRow> {
    cases::templates()
}

#[tauri::command]
pub async fn create_case(state: State<'_, AppState>, template: String) -> Result<i64> {
    cases::create(state.store().await?, &template).await
}

#[tauri::command]
pub async fn duplicate_case(state: State<'_, AppState>, id: i64) -> Result<i64> {
    cases::duplicate(state.store().await?, id).await
}

/// Moves case `id` to the trash, with its versions.
#[tauri::command]
pub async fn delete_case(state: State<'_, AppState>, id: i64) -> Result<TrashRow> {
    cases::delete(state.store().await?, id).await
}

/// Brings case `id` back from the trash, whole; its id.
#[tauri::command]
pub async fn restore_case(state: State<'_, AppState>, id: i64) -> Result<i64> {
    cases::restore(state.store().await?, id).await
}

#[tauri::command]
pub async fn list_trash(state: State<'_, AppState>) -> Result<Vec<TrashRow>> {
    cases::trash(state.store().await?).await
}

#[tauri::command]
pub async fn empty_trash(state: State<'_, AppState>) -> Result<Vec<TrashRow>> {
    cases::empty_trash(state.store().await?).await
}

/// Asks for a case file and imports it; none when the user cancels the dialog.
#[tauri::command]
pub async fn import_case(app: AppHandle, state: State<'_, AppState>) -> Result<Option<i64>> {
    let Some(path) = dialogs::open_path(&app, "Import a case file", ("Candor case", &["json"])).await else {
        return Ok(None);
    };
    cases::import(state.store().await?, &path).await.map(Some)
}

#[tauri::command]
pub async fn open_case(state: State<'_, AppState>, id: i64) -> Result<OpenCase> {
    cases::open(state.store().await?, id).await
}

#[tauri::command]
pub async fn save_case(
    state: State<'_, AppState>,
    id: i64,
    revision: i64,
    case: Case,
    charts: Vec<String>,
) -> Result<SavedCase> {
    cases::save(state.store().await?, id, revision, case, charts).await
}

#[tauri::command]
pub async fn case_results(
    state: State<'_, AppState>,
    id: i64,
    scenario: Option<String>,
    charts: Vec<String>,
) -> Result<CaseResults> {
    results::of_stored(state.store().await?, id, scenario, charts).await
}

/// Simulates case `id` in the background; `progress` hears the percent done. Starting
/// another run of the same case cancels this one.
#[tauri::command]
pub async fn simulate_case(
    state: State<'_, AppState>,
    id: i64,
    scenario: Option<String>,
    trials: usize,
    progress: Channel<u32>,
) -> Result<SimulationResults> {
    let cancelled = state.start_run(id);
    let report = move |pct| drop(progress.send(pct));
    results::simulate_stored(state.store().await?, id, scenario, trials, report, cancelled).await
}

#[tauri::command]
pub fn cancel_simulation(state: State<'_, AppState>, id: i64) {
    state.cancel_run(id);
}

#[tauri::command]
pub async fn list_catalog(state: State<'_, AppState>) -> Result<Vec<CatalogEntry>> {
    cases::catalog(state.store().await?).await
}

#[tauri::command]
pub async fn freeze_version(state: State<'_, AppState>, id: i64, name: String) -> Result<VersionRow> {
    versions::freeze(state.store().await?, id, &name).await
}

#[tauri::command]
pub async fn list_versions(state: State<'_, AppState>, id: i64) -> Result<Vec<VersionRow>> {
    versions::list(state.store().await?, id).await
}

#[tauri::command]
pub async fn compare_version(state: State<'_, AppState>, id: i64, name: String) -> Result<VersionComparison> {
    versions::compare(state.store().await?, id, &name).await
}

#[tauri::command]
pub async fn put_price(
    state: State<'_, AppState>,
    item: candor_engine::CatalogItem,
) -> Result<Vec<CatalogEntry>> {
    cases::put_price(state.store().await?, &item).await
}

#[tauri::command]
pub async fn remove_price(state: State<'_, AppState>, id: String) -> Result<Vec<CatalogEntry>> {
    cases::remove_price(state.store().await?, &id).await
}

/// Asks where to save chart `kind` of case `id` as `format` (png, png2x or svg) and writes
/// it; the path written, or none when the user cancels.
#[tauri::command]
pub async fn export_chart(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    kind: String,
    format: String,
) -> Result<Option<String>> {
    let store = state.store().await?;
    let (svg, name) = exports::chart_svg(store, id, &kind).await?;
    let (ext, bytes) = match format.as_str() {
        "svg" => ("svg", svg.into_bytes()),
        "png2x" => ("png", exports::png(&svg, 2.0)?),
        _ => ("png", exports::png(&svg, 1.0)?),
    };
    let suggested =
        format!("{}-{kind}{}.{ext}", exports::file_stem(&name), if format == "png2x" { "@2x" } else { "" });
    save(&app, "Export the chart", &suggested, ext, &bytes).await
}

/// Asks where to save the PDF deck of case `id` and writes it; `progress` hears the percent done.
#[tauri::command]
pub async fn export_deck(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    progress: Channel<u32>,
) -> Result<Option<String>> {
    let store = state.store().await?;
    let name = store.load_case(id).await?.case.name;
    let Some(path) = dialogs::save_path(
        &app,
        "Export the deck",
        &format!("{}.pdf", exports::file_stem(&name)),
        ("PDF", &["pdf"]),
    )
    .await
    else {
        return Ok(None);
    };
    let bytes = exports::deck(store, id, move |pct| drop(progress.send(pct))).await?;
    exports::write(&path, &bytes).await?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub async fn export_workbook(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<Option<String>> {
    let store = state.store().await?;
    let name = store.load_case(id).await?.case.name;
    let bytes = exports::workbook(store, id).await?;
    save(&app, "Export the workbook", &format!("{}.xlsx", exports::file_stem(&name)), "xlsx", &bytes).await
}

#[tauri::command]
pub async fn export_case(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<Option<String>> {
    let (bytes, name) = exports::case_file(state.store().await?, id).await?;
    save(&app, "Export the case file", &format!("{}.json", exports::file_stem(&name)), "json", &bytes).await
}

/// Asks where to save `bytes` and writes them; the path, or none when the user cancels.
async fn save(
    app: &AppHandle,
    title: &str,
    suggested: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<Option<String>> {
    let Some(path) = dialogs::save_path(app, title, suggested, (ext, &[ext])).await else { return Ok(None) };
    exports::write(&path, bytes).await?;
    Ok(Some(path.display().to_string()))
}

/// The slides of case `id` for present mode, with the window made full screen.
#[tauri::command]
pub async fn present(window: WebviewWindow, state: State<'_, AppState>, id: i64) -> Result<Vec<String>> {
    let slides = exports::slides(state.store().await?, id).await?;
    window.set_fullscreen(true).map_err(|e| CommandError::new("window", e.to_string()))?;
    Ok(slides)
}

/// Leaves present mode's full screen.
#[tauri::command]
pub fn end_present(window: WebviewWindow) -> Result<()> {
    window.set_fullscreen(false).map_err(|e| CommandError::new("window", e.to_string()))
}

/// The value of `input` at which saved case `id` breaks even (NPV reaches the target) or
/// pays back within the target's months.
#[tauri::command]
pub async fn break_even(
    state: State<'_, AppState>,
    id: i64,
    input: String,
    target: candor_engine::sensitivity::Target,
) -> Result<candor_engine::sensitivity::Solution> {
    results::break_even_stored(state.store().await?, id, input, target).await
}

/// Every numeric input of `case` (the editor's, unsaved or not) by path, with its value.
#[tauri::command]
pub async fn case_inputs(state: State<'_, AppState>, case: Case) -> Result<Vec<InputValue>> {
    cases::inputs(state.store().await?, &case).await
}
