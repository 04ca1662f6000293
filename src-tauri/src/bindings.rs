//! The TypeScript declarations of every type the window sends or receives, generated from
//! the Rust structs by ts-rs into `ui/src/bindings.ts`. The UI imports only these, so a
//! field renamed in Rust breaks the UI's type check instead of its behaviour; a test fails
//! when the committed file is stale (`CANDOR_UPDATE_BINDINGS=1 cargo test -p candor-app
//! bindings` rewrites it).

use std::collections::BTreeMap;

use ts_rs::{Config, TS, TypeVisitor};

/// Where the declarations live, relative to the repository root.
pub const PATH: &str = "ui/src/bindings.ts";

/// The declarations of the types the commands take and return, and of every type they refer
/// to, sorted by name so the file changes only when a type does.
pub fn typescript() -> String {
    use candor_engine::*;
    // i64 ids and counts are far below 2^53: plain numbers in JavaScript, not bigint.
    let cfg = Config::new().with_large_int("number");
    let mut found = Declarations { cfg: &cfg, decls: BTreeMap::new() };
    found.visit::<crate::CommandError>();
    found.visit::<crate::cases::CaseRow>();
    found.visit::<crate::cases::CaseChart>();
    found.visit::<crate::cases::TemplateRow>();
    found.visit::<crate::cases::OpenCase>();
    found.visit::<crate::cases::SavedCase>();
    found.visit::<crate::cases::TrashRow>();
    found.visit::<crate::cases::StoreNotice>();
    found.visit::<crate::cases::CatalogEntry>();
    found.visit::<crate::cases::InputValue>();
    found.visit::<crate::versions::VersionRow>();
    found.visit::<crate::versions::VersionComparison>();
    found.visit::<crate::results::CaseResults>();
    found.visit::<crate::results::SimulationResults>();
    found.visit::<sensitivity::Solution>();
    found.visit::<Case>();
    found.visit::<Evaluation>();
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (src-tauri/src/bindings.rs). Do not edit:\n\
         // run `CANDOR_UPDATE_BINDINGS=1 cargo test -p candor-app bindings` instead.\n",
    );
    for decl in found.decls.values() {
        out.push_str("\nexport ");
        out.push_str(decl);
        out.push('\n');
    }
    out
}

/// Collects the declaration of each type visited and, recursively, of the types it uses.
struct Declarations<'a> {
    cfg: &'a Config,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only types with a declaration of their own (derived ones); primitives and
        // containers are written inline.
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(self.cfg);
        if self.decls.contains_key(&name) {
            return;
        }
        self.decls.insert(name, T::decl(self.cfg));
        T::visit_dependencies(self);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_committed_typescript_bindings_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(super::PATH);
        let fresh = super::typescript();
        if std::env::var_os("CANDOR_UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run `CANDOR_UPDATE_BINDINGS=1 cargo test -p candor-app bindings`",
            super::PATH
        );
    }
}
