//! SVG → vector PDF with svg2pdf. Each SVG becomes a form XObject (`svg2pdf::to_chunk`) drawn
//! over a whole page, so one page or a whole deck are written the same way. One SVG per page:
//! some PDF readers (pdf-extract among them) mix up the fonts of two XObjects on one page.
//! Text stays text: svg2pdf embeds a subset of DejaVu Sans with its Unicode map, so the
//! words can be searched, copied and read back.

use std::collections::HashMap;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use resvg::usvg;

use crate::{ReportError, fonts};

/// Pixels per PDF point: a 1920×1080 slide becomes a 960×540 pt page (13.33 × 7.5 in),
/// the widescreen size of presentation software, so the deck prints and projects as slides.
const PX_PER_PT: f32 = 2.0;

/// A PDF being written page by page.
pub(crate) struct PdfBuilder {
    pdf: Pdf,
    next: Ref,
    catalog: Ref,
    page_tree: Ref,
    pages: Vec<Ref>,
}

impl PdfBuilder {
    pub fn new() -> Self {
        let mut next = Ref::new(1);
        let catalog = next.bump();
        let page_tree = next.bump();
        PdfBuilder { pdf: Pdf::new(), next, catalog, page_tree, pages: Vec::new() }
    }

    /// Adds a page of the SVG's size holding its drawing.
    pub fn page(&mut self, tree: &usvg::Tree) -> Result<(), ReportError> {
        let (width, height) = (tree.size().width(), tree.size().height());
        let page = self.next.bump();
        let content_id = self.next.bump();
        let options = svg2pdf::ConversionOptions { embed_text: true, ..Default::default() };
        let (chunk, root) = svg2pdf::to_chunk(tree, options).map_err(|e| ReportError::Pdf(e.to_string()))?;
        // The chunk numbers its objects from 1: move them after ours.
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| self.next.bump()));
        self.pdf.extend(&chunk);
        // The XObject is one point square: scale it to the page.
        let name = Name(b"S");
        let mut content = Content::new();
        content.transform([width / PX_PER_PT, 0.0, 0.0, height / PX_PER_PT, 0.0, 0.0]).x_object(name);
        self.pdf.stream(content_id, &content.finish());
        let mut p = self.pdf.page(page);
        p.parent(self.page_tree)
            .media_box(Rect::new(0.0, 0.0, width / PX_PER_PT, height / PX_PER_PT))
            .contents(content_id);
        p.resources().x_objects().pair(name, map[&root]);
        p.finish();
        self.pages.push(page);
        Ok(())
    }

    /// Writes the page tree and the document information, and returns the file.
    pub fn finish(mut self, title: &str) -> Vec<u8> {
        self.pdf.catalog(self.catalog).pages(self.page_tree);
        let count = self.pages.len() as i32;
        self.pdf.pages(self.page_tree).kids(self.pages.iter().copied()).count(count);
        let info = self.next.bump();
        let mut doc = self.pdf.document_info(info);
        if !title.is_empty() {
            doc.title(TextStr(title));
        }
        doc.creator(TextStr("Candor")).producer(TextStr("Candor (svg2pdf)"));
        doc.finish();
        self.pdf.finish()
    }
}

/// Converts `svg` to a one-page vector PDF of the SVG's size (a 1920×1080 chart gives a
/// 13.33 × 7.5 in page), text kept as text, in DejaVu Sans.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, ReportError> {
    let mut pdf = PdfBuilder::new();
    pdf.page(&fonts::parse(svg)?)?;
    Ok(pdf.finish(""))
}
