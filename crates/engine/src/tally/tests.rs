//! Unit tests of the tally: a trial record read back by key, and percentiles against the sorted values, whichever way each rank is found.

use super::*;

#[test]
fn a_trial_record_reads_back_every_metric_by_its_key() {
    // Every field distinct, so that two swapped fields of the record would show.
    let mut metrics = Metrics {
        npv: 1.5,
        irr_annual: Some(2.5),
        roi: Some(3.5),
        payback_month: Some(4),
        discounted_payback_month: Some(5),
        peak_funding: 6.5,
        total_cost: 7.5,
        total_benefit: 8.5,
        cost_per_unit: Some(9.5),
        go_live_month: 10,
        hours_saved: 11.5,
        minutes_saved_per_main_unit: Some(12.5),
    };
    let check = |m: &Metrics| {
        let record = Trial::from(m);
        for k in MetricKey::ALL {
            let read = record.get(k);
            match m.get(k) {
                Some(v) => assert_eq!(read, v, "{k:?}"),
                None => assert!(read.is_nan(), "{k:?} is undefined but reads {read}"),
            }
        }
    };
    check(&metrics);
    (metrics.irr_annual, metrics.roi, metrics.payback_month) = (None, None, None);
    (metrics.discounted_payback_month, metrics.cost_per_unit, metrics.minutes_saved_per_main_unit) =
        (None, None, None);
    check(&metrics);
}

/// Checks the NPV's values at ranks near each quantile's, from blocks of 1,024 tallied
/// against brackets from the first [`PILOT`] values, against the sorted values' own:
/// every `step`-th rank a bracket holds, and the quantile's own ranks however they are
/// found. Returns how many ranks the brackets held, and how many of the quantiles' own.
fn ranks_match_sorted(values: &[f64], step: usize) -> (usize, usize) {
    ranks_of_match_sorted(MetricKey::Npv, values, step)
}

/// [`ranks_match_sorted`] of metric `key`'s values; one other than the NPV holds them as
/// f32, and its blocks count them so.
fn ranks_of_match_sorted(key: MetricKey, values: &[f64], step: usize) -> (usize, usize) {
    let trials: Vec<Trial> = values
        .iter()
        .map(|&v| {
            let mut t = Trial { npv: f64::NAN, rest: [f32::NAN; MetricKey::ALL.len()] };
            if key == MetricKey::Npv {
                t.npv = v;
            } else {
                t.rest[key as usize] = v as f32;
            }
            t
        })
        .collect();
    let values: Vec<f64> = trials.iter().map(|t| t.ranked(key)).collect();
    let quantiles = [0.1, 0.5, 0.9, 0.97];
    let wanted = |k: MetricKey| if k == key { quantiles.to_vec() } else { Vec::new() };
    let counting = Counting {
        brackets: Brackets::from_pilot(trials[..PILOT].iter(), wanted),
        shifts: vec![0.0; MetricKey::ALL.len()],
        bases: vec![f64::NAN; MetricKey::ALL.len()],
        horizon: 0,
    };
    let tallies: Vec<Tally> = trials.chunks(1024).map(|c| counting.tally(c)).collect();
    let all = |k: MetricKey| trials.iter().map(|t| t.ranked(k)).filter(|v| !v.is_nan()).collect();
    let m = MetricTrials::new(key, tallies.iter(), &counting, &all, trials.len());
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (mut held, mut own_held) = (0, 0);
    let last = values.len() - 1;
    for q in quantiles {
        for r in (0..last).step_by(step) {
            let ranks = [r, r + 1];
            if let Some(got) = m.bracket_values(q, ranks) {
                held += 1;
                assert_eq!(got, [sorted[r], sorted[r + 1]], "ranks {ranks:?} in the bracket of q = {q}");
            }
        }
        let at = (q * last as f64) as usize;
        for ranks in [[at, at + 1], [at - 2, at]] {
            own_held += usize::from(m.bracket_values(q, ranks).is_some());
            let want = ranks.map(|r| sorted[r]);
            assert_eq!(m.nth(&[(q, ranks)]), vec![want], "ranks {ranks:?} of q = {q}");
        }
    }
    (held, own_held)
}

/// A fixed pseudo-random sequence in [0, 1).
fn uniform(n: usize) -> impl Iterator<Item = f64> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n).map(move |_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    })
}

#[test]
fn bracketed_ranks_of_continuous_values_equal_the_sorted_values() {
    let values: Vec<f64> = uniform(40_000).map(|u| 1e6 * (u - 0.3)).collect();
    let (held, own) = ranks_match_sorted(&values, 7);
    assert_eq!(own, 8, "each quantile's bracket holds its own ranks");
    assert!(held > 4 * 40, "each quantile's bracket holds its nearby ranks: {held}");
}

#[test]
fn bracketed_ranks_of_values_with_many_ties_equal_the_sorted_values() {
    // Whole months, as paybacks are: ranks fall on ties at either end of a range and
    // inside it.
    let values: Vec<f64> = uniform(40_000).map(|u| (u * 7.0).floor()).collect();
    let (held, own) = ranks_match_sorted(&values, 1);
    assert_eq!(own, 8, "each quantile's bracket holds its own ranks");
    assert!(held > 4 * 2_000, "ties widen what each bracket holds: {held}");
}

#[test]
fn bracketed_ranks_of_a_metric_kept_as_f32_equal_its_sorted_values() {
    // Counted against the brackets as f32, with ties and without.
    let continuous: Vec<f64> = uniform(40_000).map(|u| 1e6 * (u - 0.3)).collect();
    let (held, own) = ranks_of_match_sorted(MetricKey::TotalCost, &continuous, 7);
    assert_eq!(own, 8, "each quantile's bracket holds its own ranks");
    assert!(held > 4 * 40, "each quantile's bracket holds its nearby ranks: {held}");
    let months: Vec<f64> = uniform(40_000).map(|u| (u * 7.0).floor()).collect();
    let (held, own) = ranks_of_match_sorted(MetricKey::GoLiveMonth, &months, 1);
    assert_eq!(own, 8, "each quantile's bracket holds its own ranks");
    assert!(held > 4 * 2_000, "ties widen what each bracket holds: {held}");
}

#[test]
fn ranks_a_misleading_pilot_does_not_bracket_are_selected_from_the_records() {
    // The pilot's values are all below the others': no bracket holds a wanted rank
    // near its quantile.
    let values: Vec<f64> =
        uniform(40_000).enumerate().map(|(i, u)| if i < PILOT { u } else { 10.0 + u }).collect();
    assert_eq!(ranks_match_sorted(&values, 3).1, 0, "no quantile's bracket holds its own ranks");
}

#[test]
fn a_larger_run_brackets_its_quantiles_from_a_larger_pilot() {
    assert_eq!(pilot_trials(BRACKETED_FROM), PILOT, "the smallest bracketed run has the least pilot");
    assert_eq!(pilot_trials(1_000_000), 31_250, "a million trials: a 32nd of them");
    assert!(pilot_trials(10_000_000) < 10_000_000 / 16, "the pilot stays a small part of the run");
}
