"""The AI-scribe template's Monte Carlo written the way an analyst would in NumPy:
vectorised over trials (in chunks of 100,000 to bound memory), months as columns. It is
written from the template (assets/templates/ambient-scribe.json: its figures are typed in
below) and PRODUCT.md's conventions, not from the engine's code, so the engine's tests can
check the simulation against it (numpy_model.rs). A change to the template's figures must
be made here too: that test fails until it is. It prints the figures Candor's
`simulate --json` prints, and the seconds it took.

usage: python3 numpy_scribe.py [TRIALS]            (JSON of the results, and "seconds")
       python3 numpy_scribe.py --deterministic     (the base case's monthly cash flow)
"""
import json
import sys
import time

import numpy as np

H = 36
RATE_M = 1.08 ** (1 / 12) - 1
ESC = (1.03 ** (1 / 12)) ** np.arange(H)
DISC = (1 / (1 + RATE_M)) ** np.arange(H)
Z95 = 1.6448536269514722
T = np.arange(H, dtype=float)


def ramp(t, start, end, lo, hi, s_curve):
    """The ramp's value at months t (columns) for each trial's start and end (rows): `lo`
    until the start, `hi` from the end."""
    p = np.clip((t - start) / np.maximum(end - start, 1), 0.0, 1.0)
    if s_curve:
        p = p * p * (3 - 2 * p)
    return lo + (hi - lo) * p


def flows_of(minutes, price, ehr, pilot, f_delay, f_adopt, f_privacy):
    """Monthly cost and benefit, one row per trial. The arguments are (n, 1) columns: the
    four uncertain inputs (minutes saved per note, subscription per clinician-month, EHR
    integration fee, pilot months) and whether each of the three risks happened."""
    # Preparation: months 0-1. Pilot from month 2 (the go-live); the integration slip
    # lengthens it by 2 months, moving the rollout (6 months) and production after it.
    pilot = pilot + 2.0 * f_delay
    rollout_start = 2.0 + pilot
    production_start = rollout_start + 6.0
    # Both drivers start with the pilot at 10% adoption, S-curve to 70% over the rollout.
    live = T >= 2.0
    adopt = live * ramp(T, rollout_start, production_start, 0.1, 0.7, True)

    subscription = 100.0 * adopt * price * ESC  # per active clinician of 100
    hipaa = np.where(T % 12 == 0, 3500.0 * ESC, 0.0)  # catalog price, yearly from month 0
    training = np.where(T == 2, 100 * 300.0 * ESC, 0.0)  # once, at the pilot's start
    integration = np.where(T == 0, 1.0, 0.0) * ehr  # once, at month 0
    management = (T < production_start) * 0.5 * 12000.0 * ESC  # 0.5 FTE until production
    cost = (subscription + hipaa + training + integration + management) * 1.1  # 10% contingency
    # Risk costs fall in month 0; the privacy incident's mitigation is not adopted.
    cost[:, 0] += (15000.0 * f_delay + 250000.0 * f_privacy)[:, 0]

    # 28,800 notes a month at full adoption, each saving `minutes` at 142 an hour, realised
    # 50% -> 100% over the pilot; clinicians who do not adopt cut every benefit by 30%.
    realised = ramp(T, 2.0, rollout_start, 0.5, 1.0, False)
    benefit = 28800.0 * adopt * (minutes / 60.0) * 142.0 * realised * ESC
    benefit *= np.where(f_adopt, 0.7, 1.0)
    return cost, benefit


def irr_monthly(flows, iterations=30):
    """Newton's method on every trial at once from 2% a month; the trials it leaves
    unsettled get a bisection on (-99%, 500%] a month (the range Candor searches). NaN
    where the NPV does not change sign over that range."""
    npv_at = lambda f, r: (f * (1 + r)[:, None] ** -T).sum(axis=1)
    r = np.full(flows.shape[0], 0.02)
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            d = (1 + r)[:, None] ** -T
            f = (flows * d).sum(axis=1)
            df = (-T * flows * d / (1 + r)[:, None]).sum(axis=1)
            r = np.clip(r - f / df, -0.99, 5.0)
        settled = np.abs(npv_at(flows, r)) < 1e-6 * np.abs(flows).sum(axis=1)
    rest = np.flatnonzero(~settled)
    if len(rest):
        f = flows[rest]
        lo, hi = np.full(len(rest), -0.99), np.full(len(rest), 5.0)
        f_lo = npv_at(f, lo)
        has_root = np.sign(f_lo) != np.sign(npv_at(f, hi))
        for _ in range(60):
            mid = (lo + hi) / 2
            f_mid = npv_at(f, mid)
            left = np.sign(f_mid) == np.sign(f_lo)
            lo, f_lo = np.where(left, mid, lo), np.where(left, f_mid, f_lo)
            hi = np.where(left, hi, mid)
        r[rest] = np.where(has_root, (lo + hi) / 2, np.nan)
    return r


def payback(cum):
    """Smallest t + 1 with the cumulative >= 0 from t to the horizon; NaN if never."""
    neg = cum < 0
    last_neg = np.where(neg.any(axis=1), H - 1 - np.argmax(neg[:, ::-1], axis=1), -1)
    return np.where(cum[:, -1] >= 0, last_neg + 2.0, np.nan)


def simulate(n, seed=2026, chunk=100_000):
    rng = np.random.default_rng(seed)
    mu = (np.log(119) + np.log(400)) / 2
    sigma = (np.log(400) - np.log(119)) / (2 * Z95)
    npv, pb, dpb, peak, irr, cost_t, ben_t = [], [], [], [], [], [], []
    cums = np.empty((n, H), dtype=np.float32)
    done = 0
    while done < n:
        m = min(chunk, n - done)
        col = lambda a: a[:, None]
        # PERT(low, likely, high) = low + (high - low) * Beta(1 + 4 (likely - low) / range,
        # 1 + 4 (high - likely) / range); the lognormal's 5th and 95th percentiles are
        # 119 and 400; the pilot's months are whole.
        minutes = col(0.0 + 1.5 * rng.beta(1 + 4 * 0.683333 / 1.5, 1 + 4 * (1.5 - 0.683333) / 1.5, m))
        price = col(rng.lognormal(mu, sigma, m))
        ehr = col(30000 + 50000 * rng.beta(1 + 4 * 10000 / 50000, 1 + 4 * 40000 / 50000, m))
        pilot = col(np.round(rng.triangular(2, 3, 6, m)))
        u = rng.random((m, 3))  # the three risks: 30%, 25% and 3%
        f = [col(u[:, 0] < 0.3), col(u[:, 1] < 0.25), col(u[:, 2] < 0.03)]
        cost, benefit = flows_of(minutes, price, ehr, pilot, *f)
        flows = benefit - cost
        cum = np.cumsum(flows, axis=1)
        cums[done:done + m] = cum
        npv.append((flows * DISC).sum(axis=1))
        pb.append(payback(cum))
        dpb.append(payback(np.cumsum(flows * DISC, axis=1)))
        peak.append(np.maximum(0.0, -cum.min(axis=1)))
        irr.append((1 + irr_monthly(flows)) ** 12 - 1)
        cost_t.append(cost.sum(axis=1))
        ben_t.append(benefit.sum(axis=1))
        done += m
    npv, pb, irr = np.concatenate(npv), np.concatenate(pb), np.concatenate(irr)
    cost_t, ben_t = np.concatenate(cost_t), np.concatenate(ben_t)
    out = {"trials": n, "metrics": {}}
    for name, v in [("npv", npv), ("irr_annual", irr), ("roi", (ben_t - cost_t) / cost_t),
                    ("payback_month", pb), ("discounted_payback_month", np.concatenate(dpb)),
                    ("peak_funding", np.concatenate(peak)), ("total_cost", cost_t),
                    ("total_benefit", ben_t)]:
        ok = v[~np.isnan(v)]
        # A payback that never comes ranks as later than any month; a percentile that falls
        # among those is null, as in Candor.
        never = "payback" in name
        ranked = np.where(np.isnan(v), 1e9, v) if never else ok
        p10, p50, p90 = (None if never and p > H else float(p)
                         for p in np.percentile(ranked, [10, 50, 90]))
        out["metrics"][name] = {"mean": float(ok.mean()), "p10": p10, "p50": p50, "p90": p90,
                                "defined": len(ok) / n}
    out["prob_npv_positive"] = float((npv > 0).mean())
    out["never_pays_back"] = float(np.isnan(pb).mean())
    out["prob_payback_within"] = {k: float((pb <= k).mean()) for k in (12, 18, 24, 30, 36)}
    bands = np.percentile(cums, [10, 50, 90], axis=0)
    out["cumulative_bands"] = [{"month": t, "p10": float(bands[0, t]), "p50": float(bands[1, t]),
                                "p90": float(bands[2, t])}
                               for t in range(H)]
    out["npv_histogram"] = np.histogram(npv, bins=40)[0].tolist()
    return out


def main():
    args = sys.argv[1:]
    if "--deterministic" in args:
        one = lambda v: np.array([[v]])
        cost, benefit = flows_of(one(0.683333), one(119.0), one(40000.0), one(3.0),
                                 one(False), one(False), one(False))
        print(json.dumps((benefit - cost)[0].tolist()))
        return
    n = int(args[0]) if args and args[0].isdigit() else 1_000_000
    start = time.perf_counter()
    out = simulate(n)
    out["seconds"] = time.perf_counter() - start
    print(json.dumps(out))


if __name__ == "__main__":
    main()
