//! Candor's engine: the business-case model (a [`Case`] of phases, drivers, cost and benefit
//! lines, scenarios), its validation, the price [`Catalog`], the case file, and the
//! deterministic monthly evaluation with the financial metrics of PRODUCT.md (NPV, IRR, ROI,
//! payback, discounted payback, peak funding).
//!
//! Boundaries: pure and synchronous. No file, database, network or clock access: callers
//! (store, CLI, app) pass in bytes, the effective catalog and today's date. The shipped
//! catalog and templates are embedded at build time (`shipped`).

pub mod casefile;
pub mod catalog;
pub mod compare;
pub mod distribution;
pub mod error;
pub mod eval;
pub mod format;
pub mod hosting;
pub mod inputs;
pub mod metrics;
pub mod model;
pub mod results;
pub mod sensitivity;
pub mod shipped;
pub mod simulate;
pub mod standing;
mod tally;
mod trial;
pub mod validate;

pub use casefile::{case_file_schema, read_case_file, write_case_file};
pub use catalog::{Baa, Catalog, CatalogItem, Day};
pub use distribution::{Distribution, Domain, UncertainInput};
pub use error::{EngineError, FieldError};
pub use eval::{Model, evaluate, validate};
pub use hosting::{HostingAlternative, HostingComparison, hosting_comparison};
pub use inputs::{list_inputs, set_input};
pub use model::*;
pub use results::*;
