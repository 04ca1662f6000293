//! Generates the Tauri context and the permissions of the app's own commands: each command
//! must be listed here and allowed in `capabilities/default.json`.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["list_cases", "case_chart"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
