//! Deleting moves a case to the trash, versions and all; restoring brings it back whole.

use candor_store::Naming;

use super::fresh;

#[tokio::test]
async fn a_deleted_case_keeps_its_versions_and_a_restore_brings_it_back_whole() {
    let (_dir, store) = fresh().await;
    let s = store.load_case(1).await.unwrap();
    store.freeze_version(s.id, "Board, 1 Dec").await.unwrap();
    store.freeze_version(s.id, "Board, 8 Dec").await.unwrap();

    let trashed = store.delete_case(s.id).await.unwrap();
    assert_eq!((trashed.id, trashed.versions), (s.id, 2));
    assert!(store.list_cases().await.unwrap().iter().all(|c| c.id != s.id), "not listed any more");
    assert_eq!(store.load_case(s.id).await.unwrap_err().code(), "not_found");
    assert_eq!(store.find_case(&s.case.name).await.unwrap_err().code(), "not_found");
    assert_eq!(store.list_trash().await.unwrap(), vec![trashed]);

    assert_eq!(store.restore_case(s.id).await.unwrap(), s.case.name);
    assert_eq!(store.load_case(s.id).await.unwrap(), s, "the same id, revision and document");
    let versions: Vec<String> =
        store.list_versions(s.id).await.unwrap().into_iter().map(|v| v.name).collect();
    assert_eq!(versions, ["Board, 1 Dec", "Board, 8 Dec"]);
    assert_eq!(store.load_version(s.id, "Board, 1 Dec").await.unwrap(), s.case);
    assert!(store.list_trash().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_trashed_case_frees_its_name_and_is_renamed_if_it_is_taken_when_restored() {
    let (_dir, store) = fresh().await;
    let s = store.load_case(1).await.unwrap();
    store.delete_case(s.id).await.unwrap();
    let mut other = s.case.clone();
    other.discount_rate = 0.11;
    let taker = store.create_case(&other, None, Naming::Exact).await.unwrap();

    let renamed = store.restore_case(s.id).await.unwrap();
    assert_eq!(renamed, format!("{} (2)", s.case.name));
    let back = store.load_case(s.id).await.unwrap();
    assert_eq!(back.case.name, renamed, "the document carries its new name");
    assert_eq!(back.case.discount_rate, s.case.discount_rate);
    assert_eq!(store.load_case(taker.id).await.unwrap().case.name, s.case.name, "the taker keeps it");
    assert_eq!(store.find_case(&renamed).await.unwrap().id, s.id);
}

#[tokio::test]
async fn emptying_the_trash_deletes_its_cases_and_their_versions_for_good() {
    let (_dir, store) = fresh().await;
    let listed = store.list_cases().await.unwrap();
    store.freeze_version(1, "Board").await.unwrap();
    store.delete_case(1).await.unwrap();
    assert_eq!(store.empty_trash().await.unwrap(), 1);
    assert!(store.list_trash().await.unwrap().is_empty());
    assert!(store.list_versions(1).await.unwrap().is_empty(), "its versions went with it");
    assert_eq!(store.restore_case(1).await.unwrap_err().code(), "not_found");
    assert_eq!(store.list_cases().await.unwrap(), listed[1..].to_vec(), "the other cases are untouched");
}

#[tokio::test]
async fn a_case_in_the_trash_cannot_be_saved_frozen_or_deleted_again() {
    let (_dir, store) = fresh().await;
    let s = store.load_case(1).await.unwrap();
    store.delete_case(s.id).await.unwrap();
    assert_eq!(store.save_case(s.id, &s.case, None).await.unwrap_err().code(), "not_found");
    assert_eq!(store.freeze_version(s.id, "Late").await.unwrap_err().code(), "not_found");
    assert_eq!(store.delete_case(s.id).await.unwrap_err().code(), "not_found");
    assert_eq!(store.find_trashed(&s.case.name).await.unwrap().id, s.id);
    assert_eq!(store.find_trashed(&s.id.to_string()).await.unwrap().id, s.id);
}
