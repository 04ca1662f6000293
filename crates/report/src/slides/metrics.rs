//! The key figures: each headline metric of the base case, with the P10–P90 range the
//! simulation gives it, so that no figure is shown without its uncertainty.

use candor_engine::format::{metric, number, percent};
use candor_engine::simulate::Simulation;
use candor_engine::standing::Standing;
use candor_engine::{Evaluation, MetricKey};

use super::{BLUE, BODY_TOP, CARD, INK, MARGIN, MUTED, Slide, Style, VERMILLION, WIDTH, cut, fit_size};

const SHOWN: [MetricKey; 8] = [
    MetricKey::Npv,
    MetricKey::IrrAnnual,
    MetricKey::Roi,
    MetricKey::PeakFunding,
    MetricKey::PaybackMonth,
    MetricKey::DiscountedPaybackMonth,
    MetricKey::TotalCost,
    MetricKey::TotalBenefit,
];

/// The key message: where the base case lands and how often the simulated futures agree.
fn message(eval: &Evaluation, sim: &Simulation) -> String {
    let m = &eval.metrics;
    let payback = match m.payback_month {
        Some(k) => format!("Pays back in month {k}"),
        None => format!("Does not pay back within {} months", eval.monthly.len()),
    };
    format!("{payback}; NPV above zero in {} of simulated futures", percent(sim.prob_npv_positive))
}

pub(crate) fn metrics(eval: &Evaluation, sim: &Simulation) -> Slide {
    let colour =
        if eval.metrics.npv >= 0.0 && eval.metrics.payback_month.is_some() { INK } else { VERMILLION };
    let mut s = Slide::with_header("Key figures", &message(eval, sim), colour);
    let currency = &eval.currency;
    let (columns, gap) = (4.0, 32.0);
    let card_w = (WIDTH - 2.0 * MARGIN - (columns - 1.0) * gap) / columns;
    // Room under the range for the base case's standing among the trials.
    let card_h = 330.0;
    let pad = 28.0;
    for (i, key) in SHOWN.into_iter().enumerate() {
        let (col, row) = ((i % 4) as f64, (i / 4) as f64);
        let (x, y) = (MARGIN + col * (card_w + gap), BODY_TOP + 8.0 + row * (card_h + gap));
        s.rect(x, y, card_w, card_h, CARD, 12.0);
        s.text(x + pad, y + 56.0, key.label(), Style::new(30.0, MUTED).bold());
        // The base value in full (a finance reviewer checks it against the workbook),
        // shrunk to fit the card rather than cut.
        let value = metric(key, eval.metrics.get(key), currency, false);
        let room = card_w - 2.0 * pad;
        let size = fit_size(&value, room, 64.0, 36.0, true);
        s.text(x + pad, y + 150.0, &cut(&value, room, size, true), Style::new(size, INK).bold());
        let (p10, p90) = sim.metrics.get(key.key()).map_or((None, None), |m| (m.p10, m.p90));
        let range = format!("{} – {}", metric(key, p10, currency, true), metric(key, p90, currency, true));
        s.text(x + pad, y + 214.0, "P10–P90", Style::new(24.0, MUTED));
        s.text(x + pad, y + 256.0, &cut(&range, room, 30.0, false), Style::new(30.0, INK));
        // A base case outside that range says so, in the warning colour when it
        // overpromises: "Better than 95.9% of trials".
        if let Some(st) = sim.metrics.get(key.key()).and_then(|m| Standing::of(key, m)) {
            let (text, colour) = if st.optimistic {
                (format!("Better than {} of trials", percent(st.share)), VERMILLION)
            } else {
                (format!("Worse than {} of trials", percent(st.share)), BLUE)
            };
            let size = fit_size(&text, room, 24.0, 18.0, true);
            s.text(x + pad, y + 300.0, &cut(&text, room, size, true), Style::new(size, colour).bold());
        }
    }
    let note = format!(
        "Large figures: the base case. P10–P90: 80% of {} Monte Carlo trials (seed {}) fall in this range.",
        number(sim.trials as f64),
        sim.seed
    );
    s.text(MARGIN, BODY_TOP + 8.0 + 2.0 * card_h + gap + 64.0, &note, Style::new(26.0, MUTED));
    s
}
