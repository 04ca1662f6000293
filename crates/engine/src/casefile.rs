//! The case file: the JSON a user exports, e-mails and imports. Reading is defensive: a file
//! that is too large, truncated, of a newer schema, or of the wrong shape is refused with a
//! message that says why and where, before anything else sees it.

use serde::Deserialize;

use crate::error::EngineError;
use crate::model::{Case, SCHEMA_VERSION};

/// Largest case file accepted (a 200-line case is about 100 KiB).
pub const MAX_CASE_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Reads a case file. The result still has to pass `validate` against a catalog.
pub fn read_case_file(bytes: &[u8]) -> Result<Case, EngineError> {
    if bytes.len() > MAX_CASE_FILE_BYTES {
        return Err(EngineError::TooLarge { size: bytes.len(), limit: MAX_CASE_FILE_BYTES });
    }
    // Where the text stops being UTF-8, as a JSON error says where it stops being JSON: a file
    // cut in the middle of a character is a truncated file.
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        EngineError::Malformed(match e.error_len() {
            None => format!(
                "the file ends too early (truncated?) inside a character, at byte {at}, line {}",
                line_of(bytes, at)
            ),
            Some(_) => {
                format!("not UTF-8 text: byte {at}, line {}, is not part of a character", line_of(bytes, at))
            }
        })
    })?;

    // Look at the version before the shape: a newer file may have fields this build lacks.
    #[derive(Deserialize)]
    struct VersionProbe {
        schema_version: Option<serde_json::Value>,
    }
    let probe: VersionProbe = serde_json::from_str(text).map_err(|e| EngineError::Malformed(describe(&e)))?;
    match probe.schema_version {
        None => {
            return Err(EngineError::Malformed(
                "schema_version: missing; is this a Candor case file?".into(),
            ));
        }
        Some(v) => match v.as_u64() {
            Some(n) if n > SCHEMA_VERSION as u64 => {
                return Err(EngineError::FutureSchema { found: n, supported: SCHEMA_VERSION });
            }
            Some(n) if n >= 1 => {}
            _ => {
                return Err(EngineError::Malformed(format!(
                    "schema_version: must be a whole number from 1, got {v}"
                )));
            }
        },
    }

    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = describe(e.inner());
        EngineError::Malformed(if path == "." { inner } else { format!("{path}: {inner}") })
    })
}

/// Writes a case as a pretty-printed case file.
pub fn write_case_file(case: &Case) -> String {
    // Serialising a Case cannot fail: no maps with non-string keys, no non-finite floats
    // reach here because validation refuses them; fall back to a clear marker regardless.
    serde_json::to_string_pretty(case).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

/// The line (from 1) of byte `at` of `bytes`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at].iter().filter(|b| **b == b'\n').count()
}

fn describe(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => {
            format!("the file ends too early (truncated?) at line {} column {}", e.line(), e.column())
        }
        Category::Syntax => format!("not valid JSON: {e}"),
        Category::Data => e.to_string(),
        Category::Io => format!("could not be read: {e}"),
    }
}

/// The JSON Schema of the case file, generated from the Rust types.
pub fn case_file_schema() -> String {
    let schema = schemars::schema_for!(Case);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
