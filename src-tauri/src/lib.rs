//! Candor's desktop shell: a Tauri 2 window over the web UI in `ui/`, and thin commands that
//! call the library crates (store, engine, charts). No logic lives here that the CLI or the
//! tests would need: [`cases`] composes the libraries, [`commands`] exposes it to the UI.

pub mod cases;
pub mod commands;
pub mod error;

pub use error::CommandError;

/// Starts the app and blocks until its window is closed.
pub fn run() {
    let app = tauri::Builder::default()
        .manage(commands::AppState::default())
        .invoke_handler(tauri::generate_handler![commands::list_cases, commands::case_chart])
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("Candor could not start: {e}");
        std::process::exit(1);
    }
}
