//! SVG → PNG with resvg, at the SVG's own size times a scale (2× for slides).

use resvg::tiny_skia;

use crate::{ReportError, fonts};

/// Largest scale accepted: 8× a 1920×1080 chart is already 15360 pixels wide.
pub const MAX_SCALE: f32 = 8.0;
/// Largest side of a PNG, in pixels, so that a huge SVG cannot exhaust memory.
pub const MAX_SIDE: u32 = 16_384;

/// Renders `svg` to a PNG of its own width and height times `scale` (a 1920×1080 chart gives
/// 1920×1080 at scale 1 and 3840×2160 at scale 2). Text is set in DejaVu Sans whatever
/// family the SVG names, and no system font is read, so the result is the same everywhere.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ReportError> {
    if !scale.is_finite() || scale <= 0.0 || scale > MAX_SCALE {
        return Err(ReportError::Scale { scale, max: MAX_SCALE });
    }
    let tree = fonts::parse(svg)?;
    let size = tree.size();
    let (width, height) = ((size.width() * scale).ceil(), (size.height() * scale).ceil());
    if width > MAX_SIDE as f32 || height > MAX_SIDE as f32 {
        return Err(ReportError::TooLarge { width: width as u64, height: height as u64, max: MAX_SIDE });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width.max(1.0) as u32, height.max(1.0) as u32)
        .ok_or(ReportError::TooLarge { width: width as u64, height: height as u64, max: MAX_SIDE })?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    encode(&pixmap).map_err(|e| ReportError::Png(e.to_string()))
}

/// The pixmap as a PNG. tiny-skia's own encoder copies every pixel to undo premultiplied
/// alpha, which took three quarters of the encoding time of a 2× slide; a chart is opaque,
/// and for opaque pixels premultiplied and straight alpha are the same bytes. Paeth filtering
/// with fast compression: a third smaller than tiny-skia's choice, and about as quick.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == u8::MAX);
    let straight: Vec<u8>;
    let data = if opaque {
        pixmap.data()
    } else {
        straight = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        &straight
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Paeth);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(data)?;
    writer.finish()?;
    Ok(out)
}
