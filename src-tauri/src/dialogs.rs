//! The native file dialogs: the only way a file reaches or leaves the app. They are opened
//! from Rust, so the window holds no file-system or dialog permission at all; it can only
//! ask for "import a case" or "export this chart", and the user picks the path.
//!
//! For the end-to-end tests, which cannot click through a GTK dialog, a build with the
//! `test-hooks` feature answers every dialog with a file in `CANDOR_DIALOG_DIR`: the
//! suggested name when saving, the first file with an accepted extension when opening. The
//! app as shipped is built without that feature, so no variable can make it read or write a
//! file the user did not pick.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// Kinds of file a dialog offers, e.g. `("Case file", &["json"])`.
pub type Filter<'a> = (&'a str, &'a [&'a str]);

fn test_dir() -> Option<PathBuf> {
    answering_folder(std::env::var_os("CANDOR_DIALOG_DIR"))
}

/// The folder that answers the dialogs, given `CANDOR_DIALOG_DIR`: none unless this build
/// has the `test-hooks` feature.
fn answering_folder(var: Option<std::ffi::OsString>) -> Option<PathBuf> {
    if cfg!(feature = "test-hooks") { var.map(PathBuf::from) } else { None }
}

/// Asks where to save `suggested`; none when the user cancels.
pub async fn save_path(app: &AppHandle, title: &str, suggested: &str, filter: Filter<'_>) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        return Some(dir.join(suggested));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_title(title).set_file_name(suggested).add_filter(filter.0, filter.1).save_file(
        move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        },
    );
    rx.await.ok().flatten()
}

/// Asks for a file to open; none when the user cancels.
pub async fn open_path(app: &AppHandle, title: &str, filter: Filter<'_>) -> Option<PathBuf> {
    if let Some(dir) = test_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| filter.1.contains(&x)))
            .collect();
        files.sort();
        return files.into_iter().next();
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_title(title).add_filter(filter.0, filter.1).pick_file(move |path| {
        let _ = tx.send(path.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_dialog_folder_answers_only_in_a_build_with_the_test_hooks() {
        let answered = super::answering_folder(Some("/tmp/answers".into()));
        assert_eq!(answered.is_some(), cfg!(feature = "test-hooks"));
        assert_eq!(super::answering_folder(None), None);
    }
}
