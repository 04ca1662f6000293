//! What ships with Candor: the reference price catalog and the business-case templates in
//! `assets/`, embedded at build time so the app and CLI work offline from a single binary.

use std::sync::OnceLock;

use crate::casefile::read_case_file;
use crate::catalog::{Catalog, CatalogItem};
use crate::model::Case;

const CATALOG_JSON: &str = include_str!("../../../assets/catalog.json");
const TEMPLATES: [(&str, &str); 3] = [
    ("ambient-scribe", include_str!("../../../assets/templates/ambient-scribe.json")),
    ("prior-auth-drafting", include_str!("../../../assets/templates/prior-auth-drafting.json")),
    ("radiology-drafts", include_str!("../../../assets/templates/radiology-drafts.json")),
];

/// The shipped catalog items. The assets are checked by this crate's tests, so a parse
/// failure here is a build defect, not user input.
pub fn catalog_items() -> &'static [CatalogItem] {
    static ITEMS: OnceLock<Vec<CatalogItem>> = OnceLock::new();
    ITEMS.get_or_init(|| serde_json::from_str(CATALOG_JSON).expect("assets/catalog.json is valid (tested)"))
}

/// The shipped catalog, before any user override.
pub fn catalog() -> Catalog {
    Catalog::new(catalog_items().iter().cloned())
}

/// A shipped template: its stable id (the file name) and its case.
#[derive(Debug, Clone)]
pub struct Template {
    pub id: &'static str,
    pub case: Case,
}

/// The shipped templates, in a fixed order.
pub fn templates() -> Vec<Template> {
    TEMPLATES
        .iter()
        .map(|(id, json)| Template {
            id,
            case: read_case_file(json.as_bytes()).expect("shipped templates are valid case files (tested)"),
        })
        .collect()
}

/// One template by id, or by its case name (case-insensitive).
pub fn template(key: &str) -> Option<Template> {
    templates().into_iter().find(|t| t.id == key || t.case.name.eq_ignore_ascii_case(key))
}
