//! The same seed gives the same numbers: each shipped template simulated over 10,000 trials
//! at two fixed seeds must give these figures bit for bit (the f64 bits, `to_bits`, as hex).
//!
//! They are pinned so that "the same case and seed give bit-identical numbers" is checked on
//! every commit, not only within one run: a change that moves any of them changes what a
//! user who re-runs a saved case sees. A deliberate change of arithmetic (a new sampler, a
//! different summation order) must update these literals in the same commit and say why in
//! its message; the failure message prints the table the current code gives, ready to paste.

use candor_engine::simulate::{SimulationOptions, simulate};
use candor_engine::*;

const TRIALS: usize = 10_000;
const SEEDS: [u64; 2] = [2026, 7];

/// The figures pinned for one run, in the order of [`FIGURES`].
type Figures = [u64; 7];

const FIGURES: [&str; 7] =
    ["npv mean", "npv p10", "npv p50", "npv p90", "P(npv > 0)", "irr_annual mean", "deterministic npv"];

/// (template id, seed, figures), generated from the code as it was when they were pinned.
const PINNED: [(&str, u64, Figures); 6] = [
    (
        "ambient-scribe",
        2026,
        [
            0x41015771c36fa59e,
            0xc1147896d77a041d,
            0x41001f819cb3ddd3,
            0x4123ddd9b79453da,
            0x3fe43126e978d4fe,
            0x3ff1dc499c6d1146,
            0x411b729619034440,
        ],
    ),
    (
        "ambient-scribe",
        7,
        [
            0x410124a1dbbb7b18,
            0xc114fa2a9a21c3ed,
            0x40ff640b939fed1b,
            0x4123eeb56ad94a1c,
            0x3fe41ff2e48e8a72,
            0x3ff1f37fe06f6932,
            0x411b729619034440,
        ],
    ),
    (
        "prior-auth-drafting",
        2026,
        [
            0xc11530bcb069cf2c,
            0xc12626dc68cbef54,
            0xc1154352080e38f6,
            0x40e1dacc8fd5a498,
            0x3fc07fcb923a29c7,
            0xbfcbcd4c4d3138e4,
            0x410a1f18aa559fbc,
        ],
    ),
    (
        "prior-auth-drafting",
        7,
        [
            0xc115743086394a30,
            0xc12636c282492b96,
            0xc115d7fa4a484336,
            0x40e0037199d2484c,
            0x3fbfdf3b645a1cac,
            0xbfcc97c04855b5dc,
            0x410a1f18aa559fbc,
        ],
    ),
    (
        "radiology-drafts",
        2026,
        [
            0x40fc27502d481dc0,
            0xc125acb8a87a47f7,
            0x41007702d1446332,
            0x412b8da19add3b11,
            0x3fe276c8b4395810,
            0x3fb88e9c047df3f2,
            0x411efa2b3ea693c4,
        ],
    ),
    (
        "radiology-drafts",
        7,
        [
            0x40f8bd07e2be32d8,
            0xc1260fba12f3a5b8,
            0x40fd4e905cb4f7fa,
            0x412b20a0f268a5a7,
            0x3fe256d5cfaacd9f,
            0x3fb7a621758c01f2,
            0x411efa2b3ea693c4,
        ],
    ),
];

/// The figures of one run; an undefined one (no trial with an IRR, say) is NaN's bits, so
/// that it too must stay as it was.
fn figures(case: &Case, seed: u64) -> Figures {
    let opts = SimulationOptions { trials: TRIALS, seed, ..Default::default() };
    let sim =
        simulate(case, &shipped::catalog(), None, &opts, &|_| {}).expect("a shipped template simulates");
    let bits = |v: Option<f64>| v.unwrap_or(f64::NAN).to_bits();
    let npv = &sim.metrics["npv"];
    [
        bits(npv.mean),
        bits(npv.p10),
        bits(npv.p50),
        bits(npv.p90),
        sim.prob_npv_positive.to_bits(),
        bits(sim.metrics["irr_annual"].mean),
        sim.deterministic.npv.to_bits(),
    ]
}

#[test]
fn every_template_gives_the_pinned_figures_bit_for_bit_at_two_seeds() {
    let templates = shipped::templates();
    let mut actual = Vec::new();
    for t in &templates {
        for seed in SEEDS {
            actual.push((t.id, seed, figures(&t.case, seed)));
        }
    }
    let table: String = actual
        .iter()
        .map(|(id, seed, f)| {
            let hex: Vec<String> = f.iter().map(|b| format!("0x{b:016x}")).collect();
            format!("    ({id:?}, {seed}, [{}]),\n", hex.join(", "))
        })
        .collect();
    let mut differences = Vec::new();
    for ((id, seed, got), (pinned_id, pinned_seed, want)) in actual.iter().zip(&PINNED) {
        assert_eq!((id, seed), (pinned_id, pinned_seed), "the pinned table lists every template and seed");
        for ((name, g), w) in FIGURES.iter().zip(got).zip(want) {
            if g != w {
                differences.push(format!(
                    "{id} seed {seed} {name}: {} (0x{g:016x}), pinned {} (0x{w:016x})",
                    f64::from_bits(*g),
                    f64::from_bits(*w)
                ));
            }
        }
    }
    assert_eq!(actual.len(), PINNED.len(), "one pinned row per template and seed");
    assert!(
        differences.is_empty(),
        "figures moved:\n{}\nthe current code gives:\n{table}",
        differences.join("\n")
    );
}
