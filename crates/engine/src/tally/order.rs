//! Order statistics of a metric's values: the values at given ranks, selected without
//! sorting, and the percentiles interpolated between two ranks as NumPy's default does.
//! The tally brackets and counts; this finds the values.

/// The values at `ranks` (ascending, distinct; `offset` is the rank of `values[0]`),
/// each pushed with its rank: the middle rank is selected first, then the lower ranks
/// among the values below it and the higher among those above, so that each selection
/// works on a smaller part.
fn select_ranks(values: &mut [f64], offset: usize, ranks: &[usize], out: &mut Vec<(usize, f64)>) {
    let mid = ranks.len() / 2;
    let Some(&rank) = ranks.get(mid) else { return };
    let Some(r) = rank.checked_sub(offset).filter(|r| *r < values.len()) else { return };
    let (below, v, above) = values.select_nth_unstable_by(r, f64::total_cmp);
    out.push((rank, *v));
    select_ranks(below, offset, &ranks[..mid], out);
    select_ranks(above, offset + r + 1, &ranks[mid + 1..], out);
}

/// Selects the values at `ranks` (any order, repeats allowed) among `values`, which are
/// reordered, in one descent; the result gives a selected rank's value.
pub(super) fn select(values: &mut [f64], ranks: &[usize]) -> impl Fn(usize) -> f64 + use<> {
    let mut sorted = ranks.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut picked = Vec::with_capacity(sorted.len());
    select_ranks(values, 0, &sorted, &mut picked);
    move |r| picked.iter().find(|(k, _)| *k == r).map_or(f64::NAN, |(_, v)| *v)
}

/// P10, P50 and P90 of `len` ranked values; `values_at` gives the values at the ranks
/// asked, as (quantile, [rank, next rank]), in the order asked.
pub(crate) fn deciles_with(
    len: usize,
    values_at: impl FnOnce(&[(f64, [usize; 2])]) -> Vec<[f64; 2]>,
) -> [Option<f64>; 3] {
    let wanted = [0.1, 0.5, 0.9].map(|p| percentile_ranks(len, p).map(|(ranks, weight)| (p, ranks, weight)));
    let asked: Vec<(f64, [usize; 2])> = wanted.iter().flatten().map(|&(p, ranks, _)| (p, ranks)).collect();
    let mut values = values_at(&asked).into_iter();
    wanted.map(|w| {
        let (_, _, weight) = w?;
        interpolate(values.next()?, weight)
    })
}

/// P10, P50 and P90 of `values`, which are reordered.
pub(crate) fn deciles(values: &mut [f64]) -> [Option<f64>; 3] {
    deciles_with(values.len(), |asked| {
        let ranks: Vec<usize> = asked.iter().flat_map(|(_, r)| *r).collect();
        let at = select(values, &ranks);
        asked.iter().map(|(_, r)| r.map(&at)).collect()
    })
}

/// The two ranks whose values the p-percentile interpolates between among `len` values
/// (NumPy's default), and the weight of the second.
fn percentile_ranks(len: usize, p: f64) -> Option<([usize; 2], f64)> {
    let last = len.checked_sub(1)?;
    let pos = p * last as f64;
    let lo = pos.floor() as usize;
    Some(([lo, pos.ceil() as usize], pos - lo as f64))
}

/// The interpolated percentile from its two ranks' values; none where it falls on or
/// next to an infinite (never) value.
fn interpolate([a, b]: [f64; 2], weight: f64) -> Option<f64> {
    if a.is_infinite() || b.is_infinite() {
        return if a == b || weight == 0.0 { a.is_finite().then_some(a) } else { None };
    }
    Some(a + (b - a) * weight)
}

/// Linear interpolation between the two nearest ranks (NumPy's default) on sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let (ranks, weight) = percentile_ranks(sorted.len(), p)?;
    interpolate(ranks.map(|k| sorted[k]), weight)
}
