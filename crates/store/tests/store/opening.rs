//! Opening a file: an older one is backed up before its migration, and one that cannot be
//! written is opened for viewing.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::Command;

use candor_engine::shipped;
use candor_store::{Naming, Store};

/// A file as Candor's first schema left it: migration 1 only, with one case and a version.
async fn first_schema_database(path: &Path) {
    let mut first = sqlx::migrate!("./migrations");
    first.migrations = Cow::Owned(first.migrations[..1].to_vec());
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    first.run(&pool).await.unwrap();
    let mut case = shipped::template("ambient-scribe").unwrap().case;
    case.name = "From the first release".into();
    let body = candor_engine::write_case_file(&case);
    for sql in [
        "INSERT INTO cases (id, name, body, revision, created_at, updated_at) VALUES (7, ?1, ?2, 3, 'then', 'then')",
        "INSERT INTO versions (case_id, name, body, created_at) VALUES (7, 'Board', ?2, 'then')",
        "INSERT INTO meta (key, value) VALUES ('seeded', 'then')",
    ] {
        sqlx::query(sql).bind(&case.name).bind(&body).execute(&pool).await.unwrap();
    }
    pool.close().await;
}

#[tokio::test]
async fn an_older_database_is_backed_up_before_it_is_migrated_and_keeps_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("candor.db");
    first_schema_database(&path).await;

    let store = Store::open(&path).await.unwrap();
    let backup = store.backup().expect("the migration was preceded by a backup").to_path_buf();
    assert!(backup.starts_with(dir.path()), "beside the file: {}", backup.display());
    // The backup is the file as it was: the first schema, its case and its version.
    let old = sqlx::SqlitePool::connect(&format!("sqlite:{}", backup.display())).await.unwrap();
    let migrations: i64 =
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations").fetch_one(&old).await.unwrap();
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM cases").fetch_all(&old).await.unwrap();
    let versions: i64 = sqlx::query_scalar("SELECT count(*) FROM versions").fetch_one(&old).await.unwrap();
    old.close().await;
    assert_eq!((migrations, names, versions), (1, vec!["From the first release".to_string()], 1));

    // The migrated file has the case, its revision and its version, and the trash works.
    let stored = store.load_case(7).await.unwrap();
    assert_eq!((stored.case.name.as_str(), stored.revision), ("From the first release", 3));
    assert_eq!(store.list_versions(7).await.unwrap().len(), 1);
    store.delete_case(7).await.unwrap();
    store.restore_case(7).await.unwrap();
    assert_eq!(store.list_versions(7).await.unwrap().len(), 1);
    store.close().await;

    let again = Store::open(&path).await.unwrap();
    assert_eq!(again.backup(), None, "a file with nothing to migrate is not copied again");
    let (_fresh_dir, fresh) = super::fresh().await;
    assert_eq!(fresh.backup(), None, "nor is a new file");
}

/// A folder that cannot be written, even by root: a read-only bind mount of a folder (root),
/// else the folder and its files made read-only.
struct ReadOnlyFolder {
    path: PathBuf,
    mounted: bool,
}

impl ReadOnlyFolder {
    fn of(dir: &Path) -> ReadOnlyFolder {
        let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
        if root {
            let view = dir.with_extension("read-only");
            std::fs::create_dir_all(&view).unwrap();
            let mount = |args: &[&str]| Command::new("mount").args(args).status().is_ok_and(|s| s.success());
            let (from, to) = (dir.to_str().unwrap(), view.to_str().unwrap());
            assert!(
                mount(&["--bind", from, to]) && mount(&["-o", "remount,bind,ro", to]),
                "as root, a read-only folder needs a read-only bind mount (mount --bind; remount,ro)"
            );
            ReadOnlyFolder { path: view, mounted: true }
        } else {
            let mode =
                |p: &Path, m: &str| Command::new("chmod").args([m, p.to_str().unwrap()]).status().unwrap();
            for entry in std::fs::read_dir(dir).unwrap() {
                mode(&entry.unwrap().path(), "a-w");
            }
            mode(dir, "a-w");
            ReadOnlyFolder { path: dir.to_path_buf(), mounted: false }
        }
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        if self.mounted {
            let _ = Command::new("umount").arg(&self.path).status();
            let _ = std::fs::remove_dir(&self.path);
        } else {
            let _ = Command::new("chmod").args(["-R", "u+w", self.path.to_str().unwrap()]).status();
        }
    }
}

#[tokio::test]
async fn a_read_only_database_opens_for_viewing_and_refuses_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = Store::open(&data.join("candor.db")).await.unwrap();
    store.freeze_version(1, "Board").await.unwrap();
    let listed = store.list_cases().await.unwrap();
    let case = store.load_case(1).await.unwrap();
    store.close().await;

    let folder = ReadOnlyFolder::of(&data);
    let store = Store::open(&folder.path.join("candor.db")).await.expect("opens for viewing");
    assert!(store.read_only().is_some(), "says it is read-only");
    // Everything a viewer does works: list, open, versions, catalog, and the engine on them.
    assert_eq!(store.list_cases().await.unwrap(), listed);
    assert_eq!(store.load_case(1).await.unwrap(), case);
    assert_eq!(store.find_case(&case.case.name).await.unwrap().id, 1);
    assert_eq!(store.load_version(1, "Board").await.unwrap(), case.case);
    let catalog = store.catalog().await.unwrap();
    let opts = candor_engine::simulate::SimulationOptions { trials: 500, ..Default::default() };
    candor_engine::simulate::simulate(&case.case, &catalog, None, &opts, &|_| {}).unwrap();
    // Every change is refused with the reason, and nothing is written.
    let item = shipped::catalog_items()[0].clone();
    let refusals = [
        store.save_case(1, &case.case, Some(case.revision)).await.unwrap_err(),
        store.create_case(&case.case, None, Naming::FirstFree).await.unwrap_err(),
        store.create_from_template("ambient-scribe", None).await.unwrap_err(),
        store.delete_case(1).await.unwrap_err(),
        store.freeze_version(1, "Later").await.unwrap_err(),
        store.put_catalog_item(&item).await.unwrap_err(),
        store.empty_trash().await.unwrap_err(),
    ];
    for e in refusals {
        assert_eq!(e.code(), "read_only", "{e}");
        assert!(e.to_string().contains("is read-only"), "{e}");
    }
    assert_eq!(store.list_cases().await.unwrap(), listed);
    store.close().await;
    drop(folder);
}

#[tokio::test]
async fn a_new_database_in_a_read_only_folder_is_refused_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("empty");
    std::fs::create_dir_all(&data).unwrap();
    let folder = ReadOnlyFolder::of(&data);
    let err = Store::open(&folder.path.join("candor.db")).await.unwrap_err();
    let message = err.to_string();
    assert!(message.contains("Read-only file system") || message.contains("Permission denied"), "{message}");
    assert!(message.contains(&folder.path.display().to_string()), "names the folder: {message}");
    drop(folder);
}
