//! Several processes on one file: the CLI writing while the app saves, processes racing to
//! open a new file, and parallel `candor new` choosing free names. None may fail.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use candor_store::Store;

use super::Sandbox;

fn candor(db: &std::path::Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_candor"));
    c.arg("--db").arg(db).args(args).env_remove("CANDOR_DB");
    c
}

#[test]
fn a_cli_creating_cases_beside_500_saves_of_the_app_makes_neither_fail() {
    let sb = Sandbox::new();
    sb.ok(&["list"]);
    let db = sb.db();
    let stop = Arc::new(AtomicBool::new(false));
    let (started, first_created) = std::sync::mpsc::channel();
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let (mut created, mut failures) = (0, Vec::new());
            while !stop.load(Ordering::Relaxed) {
                let out = candor(&db, &["new", "--template", "prior-auth-drafting"]).output().unwrap();
                if out.status.success() {
                    created += 1;
                } else {
                    failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                }
                if created + failures.len() == 1 {
                    let _ = started.send(());
                }
            }
            (created, failures)
        })
    };
    first_created.recv().unwrap();

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let failed_saves = runtime.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let mut failed = Vec::new();
        let stored = store.load_case(1).await.unwrap();
        let (mut case, mut revision) = (stored.case, stored.revision);
        for i in 0..500 {
            case.discount_rate = 0.05 + (i % 7) as f64 / 100.0;
            match store.save_case(1, &case, Some(revision)).await {
                Ok(r) => revision = r,
                Err(e) => failed.push(e.to_string()),
            }
        }
        store.close().await;
        failed
    });
    stop.store(true, Ordering::Relaxed);
    let (created, failed_creates) = writer.join().unwrap();
    eprintln!("500 saves beside {created} cases created by the CLI");
    assert!(
        failed_saves.is_empty(),
        "{} of 500 saves failed: {:?}",
        failed_saves.len(),
        failed_saves.first()
    );
    assert!(
        failed_creates.is_empty(),
        "{} CLI creations failed: {:?}",
        failed_creates.len(),
        failed_creates.first()
    );
    assert!(created >= 1);
}

#[test]
fn four_processes_opening_one_new_database_fail_none_of_50_times() {
    let sb = Sandbox::new();
    let mut failures = Vec::new();
    for round in 0..50 {
        let db = sb.file(&format!("round-{round}/candor.db"));
        let children: Vec<_> = (0..4)
            .map(|_| candor(&db, &["list"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap())
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            if !out.status.success() || !stdout.contains("3 case(s)") {
                failures.push(format!("round {round}: {}{stdout}", String::from_utf8_lossy(&out.stderr)));
            }
        }
    }
    assert!(failures.is_empty(), "{} of 200 opens failed: {:?}", failures.len(), failures.first());
}

#[test]
fn parallel_candor_new_without_a_name_gives_each_case_a_name_of_its_own() {
    let sb = Sandbox::new();
    sb.ok(&["list"]);
    let db = sb.db();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || {
                (0..10)
                    .map(|_| candor(&db, &["new", "--template", "ambient-scribe"]).output().unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let outputs: Vec<_> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    let failed: Vec<_> = outputs.iter().filter(|o| !o.status.success()).collect();
    assert!(
        failed.is_empty(),
        "{} of 40 failed: {}",
        failed.len(),
        String::from_utf8_lossy(&failed[0].stderr)
    );
    let names: HashSet<String> = outputs
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stdout).split('"').nth(1).unwrap_or_default().to_string())
        .collect();
    assert_eq!(names.len(), 40, "forty different names");
}
