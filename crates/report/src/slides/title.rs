//! The title slide: what the case is, under which scenario, and when it was prepared.

use candor_engine::Case;

use super::{BLUE, BLUISH_GREEN, INK, MARGIN, MUTED, ORANGE, SKY_BLUE, Slide, Style, WIDTH, wrap};

pub(crate) fn title(case: &Case, scenario: Option<&str>, date: &str) -> Slide {
    let mut s = Slide::new();
    // A band of the palette's first colours, the deck's only decoration.
    for (i, c) in [BLUE, SKY_BLUE, BLUISH_GREEN, ORANGE].iter().enumerate() {
        s.rect(i as f64 * WIDTH / 4.0, 0.0, WIDTH / 4.0, 16.0, &c.hex(), 0.0);
    }
    let room = WIDTH - 2.0 * MARGIN;
    s.text(MARGIN, 250.0, "Business case", Style::new(36.0, MUTED).bold());
    let mut y = 350.0;
    for line in wrap(&case.name, room, 84.0, true, 2) {
        s.text(MARGIN, y, &line, Style::new(84.0, INK).bold());
        y += 100.0;
    }
    y += 10.0;
    for line in wrap(&case.use_case, room, 40.0, false, 2) {
        s.text(MARGIN, y, &line, Style::new(40.0, INK));
        y += 54.0;
    }
    if !case.description.is_empty() {
        y += 16.0;
        for line in wrap(&case.description, room, 30.0, false, 3) {
            s.text(MARGIN, y, &line, Style::new(30.0, MUTED));
            y += 42.0;
        }
    }
    let scenario = match scenario {
        Some(name) => format!("Scenario: {name}"),
        None => "Scenario: base case".to_string(),
    };
    s.text(MARGIN, 880.0, &scenario, Style::new(36.0, INK).bold());
    s.text(MARGIN, 940.0, &format!("{date} · prepared with Candor"), Style::new(32.0, MUTED));
    s
}
