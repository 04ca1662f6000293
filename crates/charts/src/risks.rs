//! The risk register as a heat map: probability across, impact in money up.

use candor_engine::format::{money_compact, percent};
use candor_engine::{Case, Evaluation};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::palette::{BLUISH_GREEN, INK, MUTED, VERMILLION, YELLOW};
use crate::theme::{Frame, PixelBox, fit_text, frame, padded, place_label, render, scenario_note};
use crate::{Canvas, ChartError};

/// One risk as the heat map places it.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskImpact {
    pub name: String,
    /// The probability the case uses: the mitigated one when a mitigation is adopted.
    pub probability: f64,
    pub mitigated: bool,
    /// One-off cost + delay months × average monthly benefit after go-live + benefit
    /// reduction × the benefits after go-live, in the case's currency.
    pub impact: f64,
}

/// The impact in money of each risk of `case`, valued with the benefits of `eval`:
/// one-off cost + delay months × the average monthly benefit after go-live + benefit
/// reduction × the total benefit after go-live. Risks with a non-finite figure are skipped.
pub fn risk_impacts(case: &Case, eval: &Evaluation) -> Vec<RiskImpact> {
    let after: Vec<f64> = eval
        .monthly
        .iter()
        .filter(|r| r.month >= eval.metrics.go_live_month && r.benefit.is_finite())
        .map(|r| r.benefit)
        .collect();
    let benefit_after: f64 = after.iter().sum();
    let monthly_benefit = if after.is_empty() { 0.0 } else { benefit_after / after.len() as f64 };
    case.risks
        .iter()
        .map(|r| {
            let adopted = r.mitigation.as_ref().filter(|m| m.adopted);
            let probability = adopted.map_or(r.probability, |m| m.probability);
            let impact =
                r.one_off_cost + r.delay_months * monthly_benefit + r.benefit_reduction * benefit_after;
            RiskImpact { name: r.name.clone(), probability, mitigated: adopted.is_some(), impact }
        })
        .filter(|r| r.probability.is_finite() && r.impact.is_finite())
        .collect()
}

/// Probability × impact of every risk of the case, each a labelled point on a background
/// that runs from green (unlikely, small) to red (likely, large). The footnote says how
/// impact is valued (see [`risk_impacts`]).
pub fn risk_heat_map_svg(case: &Case, eval: &Evaluation, canvas: &Canvas) -> Result<String, ChartError> {
    let currency = &eval.currency;
    let risks = risk_impacts(case, eval);
    let title = format!("Risks by probability and impact — {}", case.name);
    let worst = risks.iter().max_by(|a, b| (a.probability * a.impact).total_cmp(&(b.probability * b.impact)));
    let message = match worst {
        Some(r) if r.impact * r.probability > 0.0 => format!(
            "Largest expected loss: {} ({} × {} ≈ {})",
            r.name,
            percent(r.probability),
            money_compact(r.impact, currency),
            money_compact(r.probability * r.impact, currency)
        ),
        Some(_) => "No risk has a cost or a delay recorded".to_string(),
        None => "No risk recorded".to_string(),
    };
    let after: Vec<f64> =
        eval.monthly.iter().filter(|r| r.month >= eval.metrics.go_live_month).map(|r| r.benefit).collect();
    let monthly = if after.is_empty() { 0.0 } else { after.iter().sum::<f64>() / after.len() as f64 };
    let benefit_after: f64 = after.iter().sum();
    let footnote = [
        format!(
            "{} · * mitigated: placed at its mitigated probability",
            scenario_note(eval.scenario.as_deref())
        ),
        format!(
            "Impact = one-off cost + months of delay × {} (average monthly benefit after go-live)",
            money_compact(monthly, currency)
        ),
        format!(
            "+ share of benefit lost × {} (benefits after go-live).",
            money_compact(benefit_after, currency)
        ),
    ];

    render(canvas, |root, t| {
        let body = frame(
            root,
            t,
            &Frame { title: &title, message: &message, message_colour: INK, footnote: &footnote },
        )?;
        let top = risks.iter().map(|r| r.impact).fold(0.0_f64, f64::max);
        let (_, y_max) = padded(0.0, top, 0.0, 0.15);
        let bottom = risks.iter().map(|r| r.impact).fold(0.0_f64, f64::min);
        let y_min = if bottom < 0.0 { padded(bottom, top, 0.1, 0.0).0 } else { 0.0 };
        let mut chart = ChartBuilder::on(&body)
            .margin_left(t.px(20.0))
            .margin_right(t.px(36.0))
            .margin_top(t.px(8.0))
            .margin_bottom(t.px(4.0))
            .x_label_area_size(t.px(58.0))
            .y_label_area_size(t.px(96.0))
            .build_cartesian_2d(0.0..1.0_f64, y_min..y_max)?;

        // Background: a grid of cells shaded by probability × impact, green to red.
        let cells = 24;
        for i in 0..cells {
            for j in 0..cells {
                let (x0, x1) = (i as f64 / cells as f64, (i + 1) as f64 / cells as f64);
                let (v0, v1) = (j as f64 / cells as f64, (j + 1) as f64 / cells as f64);
                let severity = ((x0 + x1) / 2.0 + (v0 + v1) / 2.0) / 2.0;
                let y = |v: f64| y_min + v * (y_max - y_min);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, y(v0)), (x1, y(v1))],
                    heat(severity).mix(0.32).filled(),
                )))?;
            }
        }
        let money = |v: &f64| money_compact(*v, currency);
        chart
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|v: &f64| format!("{:.0}%", v * 100.0))
            .y_label_formatter(&money)
            .bold_line_style(WHITE.mix(0.6).stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED.stroke_width(1))
            .label_style(t.text(17.0, &MUTED))
            .axis_desc_style(t.text(18.0, &INK))
            .x_desc("Probability that it happens")
            .y_desc(format!("Impact ({currency})"))
            .draw()?;
        if risks.is_empty() {
            let style = t.text(22.0, &INK).pos(Pos::new(HPos::Center, VPos::Center));
            let mid = (y_min + y_max) / 2.0;
            chart.draw_series(std::iter::once(
                EmptyElement::at((0.5, mid)) + Text::new("No risk recorded", (0, 0), style),
            ))?;
            return Ok(());
        }

        // Points, then labels placed where they do not overlap an earlier label.
        let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
        let (plot_w, plot_h) = (plot_w as f64, plot_h as f64);
        let to_px =
            |p: f64, v: f64| (p.clamp(0.0, 1.0) * plot_w, (1.0 - (v - y_min) / (y_max - y_min)) * plot_h);
        let label_px = 15.0;
        let line_h = 20.0 * t.scale;
        let mut boxes: Vec<PixelBox> = risks
            .iter()
            .map(|r| {
                let (x, y) = to_px(r.probability, r.impact);
                let d = 9.0 * t.scale;
                (x - d, y - d, x + d, y + d)
            })
            .collect();
        let mut order: Vec<&RiskImpact> = risks.iter().collect();
        order.sort_by(|a, b| (b.probability * b.impact).total_cmp(&(a.probability * a.impact)));
        for r in &order {
            let p = r.probability.clamp(0.0, 1.0);
            chart.draw_series(std::iter::once(Circle::new((p, r.impact), t.px(8.0), INK.filled())))?;
        }
        for r in &order {
            let p = r.probability.clamp(0.0, 1.0);
            let (x, y) = to_px(p, r.impact);
            let name = format!("{}{}", r.name, if r.mitigated { " *" } else { "" });
            let name = fit_text(&name, t.chars_in(plot_w * 0.4, label_px));
            let w = t.width_of(&name, label_px);
            let Some((lx, ly)) =
                place_label(&mut boxes, (x, y), (w, line_h), 12.0 * t.scale, (plot_w, plot_h))
            else {
                continue;
            };
            let style = t.text(label_px, &INK).pos(Pos::new(HPos::Left, VPos::Top));
            chart.draw_series(std::iter::once(
                EmptyElement::at((p, r.impact))
                    + Text::new(
                        name,
                        ((lx - x).round() as i32, (ly - y + 2.0 * t.scale).round() as i32),
                        style,
                    ),
            ))?;
        }
        Ok(())
    })
}

/// Bluish green → yellow → vermillion for a severity from 0 to 1.
fn heat(severity: f64) -> RGBColor {
    let s = severity.clamp(0.0, 1.0);
    let lerp = |a: RGBColor, b: RGBColor, f: f64| {
        let c = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
        RGBColor(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
    };
    if s < 0.5 { lerp(BLUISH_GREEN, YELLOW, s * 2.0) } else { lerp(YELLOW, VERMILLION, (s - 0.5) * 2.0) }
}
