//! The one font every PNG and PDF is drawn with, and how wide text set in it is.
//!
//! DejaVu Sans comes from the `dejavu` crate, loaded from its bytes: no system font is read,
//! so a chart renders the same on every machine, and the app's window (WebKit with Debian's
//! fonts-dejavu-core) shows the same face. usvg resolves a generic family through its font
//! database, and maps `sans-serif` to Arial unless told otherwise: without an Arial every
//! label would silently vanish, hence the explicit generic families below.

use std::sync::{Arc, OnceLock};

use resvg::usvg::{self, fontdb};

/// The family name inside the DejaVu Sans files.
pub(crate) const FAMILY: &str = "DejaVu Sans";

/// The font database shared by every conversion, built once.
fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for bytes in [dejavu::sans::regular(), dejavu::sans::bold()] {
            // Borrowed from the binary: no copy of the font is made.
            db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
        }
        db.set_sans_serif_family(FAMILY);
        // Every other generic family too, so that no SVG can ask for a face we do not have.
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// usvg options with the shared font database and DejaVu Sans as the default family.
pub(crate) fn options() -> usvg::Options<'static> {
    usvg::Options { font_family: FAMILY.to_string(), fontdb: database(), ..usvg::Options::default() }
}

/// Parses an SVG document with [`options`].
pub(crate) fn parse(svg: &str) -> Result<usvg::Tree, usvg::Error> {
    usvg::Tree::from_str(svg, &options())
}

/// The faces' horizontal metrics, for wrapping the text of the slides drawn here.
struct Faces {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        // The bytes are DejaVu's own release files, which always parse.
        regular: ttf_parser::Face::parse(dejavu::sans::regular(), 0).expect("DejaVu Sans parses"),
        bold: ttf_parser::Face::parse(dejavu::sans::bold(), 0).expect("DejaVu Sans Bold parses"),
    })
}

/// Width in pixels of `text` set at `size` pixels (advances only, no kerning: DejaVu's
/// kerning narrows a line by a few pixels at most, so wrapping stays on the safe side).
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let f = faces();
    let face = if bold { &f.bold } else { &f.regular };
    let em = f64::from(face.units_per_em());
    let units: f64 = text
        .chars()
        .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(em * 0.6, f64::from))
        .sum();
    units / em * size
}
