//! The store against a real SQLite file in a temporary folder.

mod damage;
mod opening;
mod trash;

use candor_engine::{CatalogItem, CostBasis, Scenario, shipped};
use candor_store::{Naming, Store, StoreError};

pub async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("nested/folder/candor.db")).await.unwrap();
    (dir, store)
}

/// A second connection to the store's file, as another process would have.
pub async fn raw(store: &Store) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!("sqlite:{}", store.path().display())).await.unwrap()
}

async fn journal_mode(store: &Store) -> String {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", store.path().display())).await.unwrap();
    let v: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&pool).await.unwrap();
    pool.close().await;
    v
}

#[tokio::test]
async fn an_empty_database_is_migrated_and_seeded_with_the_templates_once() {
    let (dir, store) = fresh().await;
    let cases = store.list_cases().await.unwrap();
    assert_eq!(cases.len(), 3, "three templates seeded");
    assert!(cases.iter().all(|c| c.template.is_some()));
    assert_eq!(journal_mode(&store).await, "wal");

    for c in &cases {
        store.delete_case(c.id).await.unwrap();
    }
    store.empty_trash().await.unwrap();
    store.close().await;
    let reopened = Store::open(&dir.path().join("nested/folder/candor.db")).await.unwrap();
    assert!(
        reopened.list_cases().await.unwrap().is_empty(),
        "a user who deleted the templates does not get them back"
    );
}

#[tokio::test]
async fn a_database_from_a_newer_candor_is_refused() {
    let (dir, store) = fresh().await;
    let path = store.path().to_path_buf();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display())).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    store.close().await;
    let err = Store::open(&path).await.unwrap_err();
    assert_eq!(err.code(), "future_database", "{err}");
    drop(dir);
}

#[tokio::test]
async fn an_invalid_case_is_refused_with_its_field_named_and_nothing_is_stored() {
    let (_dir, store) = fresh().await;
    let base = store.find_case("radiology-drafts").await.ok();
    let stored = match base {
        Some(s) => s,
        None => store.load_case(store.list_cases().await.unwrap()[0].id).await.unwrap(),
    };
    type Mutation = fn(&mut candor_engine::Case);
    let mutations: Vec<(&str, Mutation)> = vec![
        ("horizon_months", |c| c.horizon_months = 0),
        ("discount_rate", |c| c.discount_rate = f64::NAN),
        ("drivers[0].monthly_volume", |c| c.drivers[0].monthly_volume = -1.0),
        ("costs[0].unit_price", |c| c.costs[0].unit_price = Some(-3.0)),
        ("costs[0].catalog_item", |c| {
            c.costs[0].catalog_item = Some("unknown-item".into());
            c.costs[0].unit_price = None;
        }),
        ("phases[0].duration_months", |c| c.phases[0].duration_months = 1000.0),
    ];
    let before_list = store.list_cases().await.unwrap();
    for (field, mutate) in mutations {
        let mut bad = stored.case.clone();
        bad.name = format!("Bad {field}");
        mutate(&mut bad);
        for err in [
            store.create_case(&bad, None, Naming::Exact).await.unwrap_err(),
            store.save_case(stored.id, &bad, None).await.unwrap_err(),
        ] {
            let StoreError::Engine(e) = &err else {
                panic!("{field}: expected a validation error, got {err}")
            };
            assert!(e.field_errors().iter().any(|f| f.field == field), "{field}: {e}");
        }
        assert_eq!(store.list_cases().await.unwrap(), before_list, "{field}: nothing stored");
        assert_eq!(store.load_case(stored.id).await.unwrap(), stored, "{field}: the saved case is unchanged");
    }
}

#[tokio::test]
async fn saving_bumps_the_revision_and_a_stale_revision_is_refused() {
    let (_dir, store) = fresh().await;
    let s = store.load_case(1).await.unwrap();
    let mut edited = s.case.clone();
    edited.discount_rate = 0.1;
    assert_eq!(store.save_case(s.id, &edited, Some(s.revision)).await.unwrap(), s.revision + 1);
    assert_eq!(store.load_case(s.id).await.unwrap().case.discount_rate, 0.1);
    let err = store.save_case(s.id, &s.case, Some(s.revision)).await.unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert_eq!(store.load_case(s.id).await.unwrap().case.discount_rate, 0.1, "the newer save survives");
}

#[tokio::test]
async fn names_are_unique_ignoring_case_and_templates_get_numbered_copies() {
    let (_dir, store) = fresh().await;
    let first = store.load_case(1).await.unwrap();
    let mut dup = first.case.clone();
    dup.name = first.case.name.to_uppercase();
    assert_eq!(store.create_case(&dup, None, Naming::Exact).await.unwrap_err().code(), "name_taken");
    let copy = store.create_from_template("ambient-scribe", None).await.unwrap();
    assert!(copy.case.name.ends_with("(2)"), "{}", copy.case.name);
    let named = store.create_from_template("ambient-scribe", Some("Clinic pilot")).await.unwrap();
    assert_eq!(store.find_case("clinic PILOT").await.unwrap().id, named.id);
    assert_eq!(store.find_case(&named.id.to_string()).await.unwrap().case.name, "Clinic pilot");
    assert_eq!(store.create_from_template("nope", None).await.unwrap_err().code(), "not_found");
}

#[tokio::test]
async fn a_frozen_version_keeps_the_case_as_it_was() {
    let (_dir, store) = fresh().await;
    let s = store.load_case(1).await.unwrap();
    store.freeze_version(s.id, "Board, 2026-12-01").await.unwrap();
    let mut edited = s.case.clone();
    edited.horizon_months += 12;
    store.save_case(s.id, &edited, None).await.unwrap();
    assert_eq!(store.load_version(s.id, "Board, 2026-12-01").await.unwrap(), s.case);
    assert_eq!(store.list_versions(s.id).await.unwrap().len(), 1);
    assert_eq!(store.freeze_version(s.id, "Board, 2026-12-01").await.unwrap_err().code(), "name_taken");
    assert_eq!(store.freeze_version(s.id, " ").await.unwrap_err().code(), "invalid_case");
}

#[tokio::test]
async fn scenarios_are_added_and_replaced_by_name() {
    let (_dir, store) = fresh().await;
    let s = store.load_case(1).await.unwrap();
    let n = s.case.scenarios.len();
    let input = candor_engine::list_inputs(&s.case)[0].0.clone();
    let scenario = Scenario { name: "Board ask".into(), description: String::new(), overrides: vec![] };
    store.put_scenario(s.id, scenario.clone()).await.unwrap();
    let with_override =
        Scenario { overrides: vec![candor_engine::Override { input, value: 0.12 }], ..scenario };
    store.put_scenario(s.id, with_override).await.unwrap();
    let after = store.load_case(s.id).await.unwrap().case;
    assert_eq!(after.scenarios.len(), n + 1);
    assert_eq!(after.scenarios.last().unwrap().overrides.len(), 1);
}

#[tokio::test]
async fn catalog_overrides_change_prices_and_stay_apart_from_the_shipped_catalog() {
    let (_dir, store) = fresh().await;
    let case = store.load_case(1).await.unwrap().case;
    let line = case
        .costs
        .iter()
        .find(|c| {
            c.catalog_item.is_some() && c.unit_price.is_none() && !matches!(c.basis, CostBasis::Share { .. })
        })
        .expect("a template line priced from the catalog");
    let id = line.catalog_item.clone().unwrap();
    let shipped_item = shipped::catalog().get(&id).unwrap().clone();
    let before = candor_engine::evaluate(&case, &store.catalog().await.unwrap(), None).unwrap();

    let mut mine = shipped_item.clone();
    mine.price = shipped_item.price * 2.0;
    mine.source = "Our negotiated quote".into();
    mine.as_of = "2026-11".into();
    store.put_catalog_item(&mine).await.unwrap();
    let after = candor_engine::evaluate(&case, &store.catalog().await.unwrap(), None).unwrap();
    assert!(after.metrics.total_cost > before.metrics.total_cost, "a higher price costs more");
    assert_eq!(shipped::catalog().get(&id).unwrap(), &shipped_item, "the shipped catalog is untouched");
    assert_eq!(store.catalog_overrides().await.unwrap(), vec![mine.clone()]);

    store.remove_catalog_override(&id).await.unwrap();
    assert_eq!(store.catalog().await.unwrap().get(&id).unwrap(), &shipped_item, "back to the shipped price");

    let bad = CatalogItem { price: -1.0, as_of: "last year".into(), ..mine.clone() };
    let err = store.put_catalog_item(&bad).await.unwrap_err();
    let StoreError::InvalidCatalogItem(fields) = &err else { panic!("{err}") };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, vec!["price", "as_of"]);
    assert!(store.catalog_overrides().await.unwrap().is_empty(), "nothing stored");
}

#[tokio::test]
async fn a_user_item_cited_by_a_case_cannot_be_removed() {
    let (_dir, store) = fresh().await;
    let mut item = shipped::catalog_items()[0].clone();
    item.id = "our-gpu-quote".into();
    store.put_catalog_item(&item).await.unwrap();
    let s = store.load_case(1).await.unwrap();
    let mut case = s.case.clone();
    // A line whose price carries no distribution, so any price is valid for it.
    let line = case
        .costs
        .iter()
        .position(|c| !case.uncertain.iter().any(|u| u.input == format!("costs[{}].unit_price", c.name)))
        .unwrap();
    case.costs[line].catalog_item = Some("our-gpu-quote".into());
    case.costs[line].unit_price = None;
    store.save_case(s.id, &case, None).await.unwrap();
    assert_eq!(store.remove_catalog_override("our-gpu-quote").await.unwrap_err().code(), "item_in_use");
    assert_eq!(store.remove_catalog_override("never-added").await.unwrap_err().code(), "not_found");
}

/// The app runs the store on a multi-threaded runtime: its futures must be `Send`.
#[test]
fn the_stores_futures_can_move_between_threads() {
    fn sendable<T: Send>(_: T) {}
    let path = std::path::Path::new("never-opened.db");
    sendable(Store::open(path));
    sendable(async {
        let store = Store::open(path).await.unwrap();
        store.save_case(1, &shipped::templates()[0].case, None).await.unwrap();
        store.delete_case(1).await.unwrap();
        store.restore_case(1).await.unwrap();
        store.list_cases().await.unwrap();
    });
}
