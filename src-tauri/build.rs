//! Generates the Tauri context and the permissions of the app's own commands: each command
//! must be listed here and allowed in `capabilities/default.json`.

/// The app's commands; each is allowed in `capabilities/default.json` as `allow-<name>`.
const COMMANDS: [&str; 30] = [
    "list_cases",
    "case_chart",
    "list_templates",
    "create_case",
    "duplicate_case",
    "delete_case",
    "restore_case",
    "list_trash",
    "store_notice",
    "empty_trash",
    "import_case",
    "open_case",
    "save_case",
    "case_results",
    "simulate_case",
    "cancel_simulation",
    "list_catalog",
    "freeze_version",
    "list_versions",
    "compare_version",
    "put_price",
    "remove_price",
    "export_chart",
    "export_deck",
    "export_workbook",
    "export_case",
    "present",
    "end_present",
    "case_inputs",
    "break_even",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
