//! A row that cannot be read hides nothing but itself.

use candor_store::Naming;

use super::{fresh, raw};

#[tokio::test]
async fn a_damaged_row_is_listed_with_its_damage_and_every_other_case_still_works() {
    let (_dir, store) = fresh().await;
    let before = store.list_cases().await.unwrap();
    let damaged = before[0].id;
    let pool = raw(&store).await;
    sqlx::query("UPDATE cases SET body = '{\"name\": 3, ' WHERE id = ?")
        .bind(damaged)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let listed = store.list_cases().await.unwrap();
    assert_eq!(listed.len(), before.len(), "every case is still listed");
    let row = listed.iter().find(|c| c.id == damaged).unwrap();
    assert_eq!(row.name, before[0].name, "listed by its name");
    assert!(row.damage.as_deref().is_some_and(|d| !d.is_empty()), "{row:?}");
    assert!(listed.iter().filter(|c| c.id != damaged).all(|c| c.damage.is_none()));
    assert_eq!(store.load_case(damaged).await.unwrap_err().code(), "corrupt");

    // The others open, save and sit beside new cases as before.
    let other = store.load_case(before[1].id).await.unwrap();
    let mut edited = other.case.clone();
    edited.discount_rate = 0.09;
    store.save_case(other.id, &edited, Some(other.revision)).await.unwrap();
    store.create_from_template("ambient-scribe", None).await.unwrap();
    let mut copy = other.case.clone();
    copy.name = "Copy".into();
    store.create_case(&copy, None, Naming::Exact).await.unwrap();
    // The damaged one can still go to the trash, and come back, by id.
    store.delete_case(damaged).await.unwrap();
    store.restore_case(damaged).await.unwrap();
    assert_eq!(store.list_cases().await.unwrap().len(), before.len() + 2);
}
