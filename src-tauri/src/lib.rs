//! Candor's desktop shell: a Tauri 2 window over the web UI in `ui/`, and thin commands that
//! call the library crates (store, engine, charts). No logic lives here that the CLI or the
//! tests would need: [`cases`] composes the libraries, [`commands`] exposes it to the UI.

pub mod bindings;
pub mod cases;
pub mod commands;
pub mod dialogs;
pub mod error;
pub mod exports;
pub mod results;
pub mod versions;

pub use error::CommandError;
use tauri::Manager;

/// Starts the app and blocks until its window is closed.
pub fn run() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::AppState::default())
        .setup(|app| {
            // Open (and migrate) the database while WebKit starts, which takes most of a
            // second: the page's first question, the case list, then finds it ready. A
            // failure here is not final; the list's own call tries again and reports it.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let _ = handle.state::<commands::AppState>().store().await;
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_cases,
            commands::case_chart,
            commands::list_templates,
            commands::create_case,
            commands::duplicate_case,
            commands::delete_case,
            commands::restore_case,
            commands::list_trash,
            commands::store_notice,
            commands::empty_trash,
            commands::import_case,
            commands::open_case,
            commands::save_case,
            commands::case_results,
            commands::simulate_case,
            commands::cancel_simulation,
            commands::list_catalog,
            commands::freeze_version,
            commands::list_versions,
            commands::compare_version,
            commands::put_price,
            commands::remove_price,
            commands::export_chart,
            commands::export_deck,
            commands::export_workbook,
            commands::export_case,
            commands::present,
            commands::end_present,
            commands::case_inputs,
            commands::break_even,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("Candor could not start: {e}");
        std::process::exit(1);
    }
}
