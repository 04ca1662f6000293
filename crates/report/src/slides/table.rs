//! Tables for the text slides: cells wrapped to their column with the font's real widths,
//! rows split across as many pages as they need (the header repeated on each), so nothing
//! overflows a slide however long a source or a name is.

use super::{Align, GRID, INK, MUTED, Rgb, STRIPE, Slide, Style, wrap};

pub(crate) struct Column {
    pub title: &'static str,
    pub width: f64,
    pub align: Align,
    /// Lines a cell may take before it is cut with an ellipsis.
    pub lines: usize,
}

impl Column {
    pub fn left(title: &'static str, width: f64) -> Self {
        Column { title, width, align: Align::Left, lines: 3 }
    }
    pub fn right(title: &'static str, width: f64) -> Self {
        Column { align: Align::Right, ..Column::left(title, width) }
    }
    /// A column whose cells may take up to `lines` lines (figures that must never be cut).
    pub fn lines(self, lines: usize) -> Self {
        Column { lines, ..self }
    }
}

pub(crate) struct Cell {
    pub text: String,
    pub colour: Rgb,
    pub bold: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell { text: text.into(), colour: INK, bold: false }
    }
    pub fn muted(text: impl Into<String>) -> Self {
        Cell { colour: MUTED, ..Cell::new(text) }
    }
    pub fn coloured(text: impl Into<String>, colour: Rgb) -> Self {
        Cell { colour, ..Cell::new(text) }
    }
    pub fn bold(self) -> Self {
        Cell { bold: true, ..self }
    }
}

pub(crate) enum Row {
    /// A heading across the table ("Costs", "Benefits"…).
    Group(String),
    Cells(Vec<Cell>),
}

/// A row laid out: its lines per cell and its height.
pub(crate) struct LaidRow {
    group: bool,
    cells: Vec<(Vec<String>, Rgb, bool)>,
    height: f64,
}

pub(crate) struct Table {
    pub columns: Vec<Column>,
    /// Type size of the cells, in pixels.
    pub size: f64,
}

impl Table {
    fn line(&self) -> f64 {
        (self.size * 1.25).round()
    }
    fn pad(&self) -> f64 {
        (self.size * 0.3).round()
    }
    /// Each column's title, wrapped to its width (two lines at most).
    fn titles(&self) -> Vec<Vec<String>> {
        let pad = self.pad();
        self.columns.iter().map(|c| wrap(c.title, c.width - 2.0 * pad, self.size, true, 2)).collect()
    }
    fn header_height(&self) -> f64 {
        let lines = self.titles().iter().map(Vec::len).max().unwrap_or(1).max(1);
        lines as f64 * self.line() + 2.0 * self.pad()
    }
    pub fn width(&self) -> f64 {
        self.columns.iter().map(|c| c.width).sum()
    }

    fn lay_out(&self, row: &Row) -> LaidRow {
        let pad = self.pad();
        let (group, cells) = match row {
            Row::Group(title) => {
                let lines = wrap(title, self.width() - 2.0 * pad, self.size, true, 1);
                (true, vec![(lines, INK, true)])
            }
            Row::Cells(cells) => (
                false,
                self.columns
                    .iter()
                    .zip(cells)
                    .map(|(col, cell)| {
                        let lines = wrap(&cell.text, col.width - 2.0 * pad, self.size, cell.bold, col.lines);
                        (lines, cell.colour, cell.bold)
                    })
                    .collect(),
            ),
        };
        let lines = cells.iter().map(|(l, _, _)| l.len()).max().unwrap_or(1).max(1);
        LaidRow { group, cells, height: lines as f64 * self.line() + 2.0 * pad }
    }

    /// The rows laid out and split into pages of at most `height` pixels, header included.
    /// Always at least one page (empty when there is no row).
    pub fn paginate(&self, rows: &[Row], height: f64) -> Vec<Vec<LaidRow>> {
        let room = height - self.header_height();
        let mut pages: Vec<Vec<LaidRow>> = vec![Vec::new()];
        let mut used = 0.0;
        for row in rows {
            let laid = self.lay_out(row);
            let last = pages.last_mut().expect("at least one page");
            if used + laid.height > room && !last.is_empty() {
                // A heading never ends a page: it moves with the rows it heads.
                let carried =
                    if last.len() > 1 && last.last().is_some_and(|r| r.group) { last.pop() } else { None };
                used = carried.as_ref().map_or(0.0, |r| r.height);
                pages.push(carried.into_iter().collect());
            }
            used += laid.height;
            pages.last_mut().expect("at least one page").push(laid);
        }
        pages
    }

    /// Draws the header and `rows` with the table's top-left corner at (`x`, `y`).
    pub fn draw(&self, slide: &mut Slide, x: f64, y: f64, rows: &[LaidRow]) {
        let (pad, line, width) = (self.pad(), self.line(), self.width());
        let baseline = |top: f64| top + pad + self.size * 0.95;
        let mut left = x;
        for (col, title) in self.columns.iter().zip(self.titles()) {
            let style = Style::new(self.size, MUTED).bold().align(col.align);
            for (i, l) in title.iter().enumerate() {
                slide.text(anchor(left, col, pad), baseline(y) + i as f64 * line, l, style);
            }
            left += col.width;
        }
        let mut top = y + self.header_height();
        slide.rule(x, top, width, &INK.hex(), 2.0);
        let mut stripe = false;
        for row in rows {
            if row.group {
                slide.rect(x, top, width, row.height, &GRID.hex(), 0.0);
                if let Some((lines, colour, _)) = row.cells.first() {
                    let style = Style::new(self.size, *colour).bold();
                    slide.text(x + pad, baseline(top), lines.first().map_or("", |l| l.as_str()), style);
                }
                stripe = false;
            } else {
                if stripe {
                    slide.rect(x, top, width, row.height, STRIPE, 0.0);
                }
                stripe = !stripe;
                let mut left = x;
                for (col, (lines, colour, bold)) in self.columns.iter().zip(&row.cells) {
                    let mut style = Style::new(self.size, *colour).align(col.align);
                    if *bold {
                        style = style.bold();
                    }
                    for (i, l) in lines.iter().enumerate() {
                        slide.text(anchor(left, col, pad), baseline(top) + i as f64 * line, l, style);
                    }
                    left += col.width;
                }
            }
            top += row.height;
        }
    }
}

/// Where a cell's text is anchored, by its column's alignment.
fn anchor(left: f64, col: &Column, pad: f64) -> f64 {
    match col.align {
        Align::Left => left + pad,
        Align::Right => left + col.width - pad,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tables_split_into_pages_that_fit() {
        let table = Table { columns: vec![Column::left("a", 400.0), Column::left("b", 400.0)], size: 26.0 };
        let mut rows = vec![Row::Group("Costs".into())];
        for i in 0..40 {
            rows.push(Row::Cells(vec![Cell::new(format!("row {i}")), Cell::new("word ".repeat(i % 12))]));
        }
        let pages = table.paginate(&rows, 700.0);
        assert!(pages.len() > 2);
        for page in &pages {
            let height: f64 = page.iter().map(|r| r.height).sum::<f64>() + table.header_height();
            assert!(height <= 700.0, "a page is {height} px high");
            assert!(!page.last().expect("rows").group, "a heading ends a page");
        }
        assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), rows.len());
    }
}
