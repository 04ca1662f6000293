//! `candor delete`, `trash` and `restore`; a damaged case in `list`.

use candor_store::Store;

use super::Sandbox;

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

#[test]
fn candor_delete_then_candor_restore_keeps_every_version() {
    let sb = Sandbox::new();
    sb.ok(&["new", "--template", "ambient-scribe", "--name", "Scribe, 3 clinics"]);
    let id = block_on(async {
        let store = Store::open(&sb.db()).await.unwrap();
        let id = store.find_case("Scribe, 3 clinics").await.unwrap().id;
        store.freeze_version(id, "Board, 1 Dec").await.unwrap();
        store.freeze_version(id, "Board, 8 Dec").await.unwrap();
        store.close().await;
        id
    });

    let said = sb.ok(&["delete", "Scribe, 3 clinics"]);
    assert!(said.contains("to the trash with 2 version(s)"), "{said}");
    assert!(!sb.ok(&["list"]).contains("Scribe, 3 clinics"), "no longer listed");
    let trash = sb.ok(&["trash"]);
    assert!(trash.contains("Scribe, 3 clinics") && trash.contains(&id.to_string()), "{trash}");
    let json: serde_json::Value = serde_json::from_str(&sb.ok(&["trash", "--json"])).unwrap();
    assert_eq!(json[0]["versions"], 2);

    let said = sb.ok(&["restore", "Scribe, 3 clinics"]);
    assert!(said.contains(&format!("restored case {id}")), "{said}");
    assert!(sb.ok(&["list"]).contains("Scribe, 3 clinics"));
    let versions = block_on(async {
        let store = Store::open(&sb.db()).await.unwrap();
        store.list_versions(id).await.unwrap().into_iter().map(|v| v.name).collect::<Vec<_>>()
    });
    assert_eq!(versions, ["Board, 1 Dec", "Board, 8 Dec"], "every version came back");
    assert!(sb.ok(&["trash"]).contains("The trash is empty."));
}

#[test]
fn emptying_the_trash_is_explicit_and_final() {
    let sb = Sandbox::new();
    sb.ok(&["delete", "1"]);
    assert!(sb.ok(&["trash", "--empty"]).contains("deleted 1 case(s)"));
    assert!(sb.fails(&["restore", "1"], 2).contains("no case in the trash"));
    sb.fails(&["delete", "no such case"], 2);
}

#[test]
fn a_damaged_case_is_listed_with_its_error_and_the_others_with_their_figures() {
    let sb = Sandbox::new();
    let listed = sb.ok(&["list"]);
    block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", sb.db().display())).await.unwrap();
        sqlx::query("UPDATE cases SET body = 'not a case' WHERE id = 1").execute(&pool).await.unwrap();
        pool.close().await;
    });
    let out = sb.ok(&["list"]);
    assert!(out.contains("damaged:"), "{out}");
    assert!(out.contains("3 case(s)"), "{out}");
    let npvs = |text: &str| text.matches('$').count();
    assert_eq!(npvs(&out), npvs(&listed) - 2, "the two other cases keep their NPV and peak funding: {out}");
    let json: serde_json::Value = serde_json::from_str(&sb.ok(&["list", "--json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.iter().filter(|r| r["error"].is_string()).count(), 1);
    assert_eq!(rows.iter().filter(|r| r["metrics"]["npv"].is_number()).count(), 2);
}
