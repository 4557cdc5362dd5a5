"""Checks a 'spangeo score' output against numpy, computed here independently on the same stores.

usage: check_scores.py SCORES.zarr SUMMARY.json INPUT_DIR CASE_JSON

The case says what the command was asked (dims, weights, expressions, thresholds, metrics,
baselines, training period, selection). Every score variable of the store and every overall
number of the summary is compared, to 1e-9 relative (1e-12 absolute near 0), with NaN exactly
where numpy has NaN. Prints "ok ..." or exits non-zero with what differs.
"""
import json
import re
import sys
import warnings

import numpy as np
import pandas as pd
import xarray as xr

warnings.simplefilter("ignore")
store, summary_path, src, case = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
scores = xr.open_zarr(store, consolidated=True)
summary = json.load(open(summary_path))
fc = xr.open_zarr(src + "/" + case.get("forecast", "forecast.zarr"), consolidated=True)
obs = xr.open_zarr(src + "/" + case.get("observed", "observed.zarr"), consolidated=True)

sel = case.get("sel", {})
if "time" in sel:
    fc = fc.sel(time=slice(sel["time"][0], sel["time"][1]))
if "lat" in sel:
    fc = fc.sel(latitude=slice(sel["lat"][0], sel["lat"][1]))
if "lon" in sel:
    fc = fc.sel(longitude=slice(sel["lon"][0], sel["lon"][1]))
dims = ["time", "latitude", "longitude"]


def evaluate(ds, expr):
    names = [n for n in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr) if n in ds.data_vars]
    arrays = {n: ds[n].values.astype(float) for n in names}
    r = np.asarray(eval(expr, {"np": np}, arrays), dtype=float)
    bad = np.zeros(r.shape, bool)
    for a in arrays.values():
        bad |= np.isnan(a)
    return np.where(bad, np.nan, r)


b_model = evaluate(fc, case.get("forecast_expr", "convection_probability"))
o_here = obs.sel(time=fc.time, latitude=fc.latitude, longitude=fc.longitude)
a = evaluate(o_here, case["observed_expr"])
thr = case.get("threshold", 0.5)
othr = case.get("observed_threshold") if case.get("observed_threshold") is not None else thr
roc_t = np.sort(np.array(case.get("roc", [i / 100 for i in range(101)])))
reduce_dims = case["dims"] or dims
axes = tuple(dims.index(d) for d in reduce_dims)
lat = fc.latitude.values
if case["weights"] == "coslat":
    w1 = np.cos(np.deg2rad(lat))
    w1 = w1 / w1.max()
    wfull = np.broadcast_to(w1[None, :, None], a.shape).astype(float)
else:
    wfull = np.ones(a.shape)


def ratio(n, d):
    n = np.asarray(n, float)
    d = np.asarray(d, float)
    with np.errstate(all="ignore"):
        return np.where(d == 0, np.nan, n / np.where(d == 0, 1, d))


def scores_of(a, b, axes):
    """Every metric of forecast b against observed a, reduced over axes (xskillscore's formulas)."""
    bad = np.isnan(a) | np.isnan(b)
    a = np.where(bad, np.nan, a)
    b = np.where(bad, np.nan, b)
    w = np.where(bad, np.nan, wfull)
    sw = np.nansum(w, axis=axes)
    out = {}
    out["mse"] = ratio(np.nansum(w * (a - b) ** 2, axis=axes), sw)
    out["rmse"] = np.sqrt(out["mse"])
    out["mae"] = ratio(np.nansum(w * np.abs(a - b), axis=axes), sw)
    out["me"] = ratio(np.nansum(w * (b - a), axis=axes), sw)
    ma = ratio(np.nansum(w * a, axis=axes, keepdims=True), np.nansum(w, axis=axes, keepdims=True))
    mb = ratio(np.nansum(w * b, axis=axes, keepdims=True), np.nansum(w, axis=axes, keepdims=True))
    am, bm = a - ma, b - mb
    num = np.nansum(w * am * bm, axis=axes)
    den = np.sqrt(np.nansum(w * am * am, axis=axes) * np.nansum(w * bm * bm, axis=axes))
    out["pearson_r"] = np.clip(ratio(num, den), -1, 1)
    out["r2"] = 1 - ratio(np.nansum(w * (a - b) ** 2, axis=axes), np.nansum(w * am * am, axis=axes))
    valid = ~bad
    with np.errstate(invalid="ignore"):
        fy = valid & (b >= thr)
        oy = valid & (a >= othr)
    H = np.sum(fy & oy, axis=axes).astype(float)
    M = np.sum(~fy & oy & valid, axis=axes).astype(float)
    F = np.sum(fy & ~oy & valid, axis=axes).astype(float)
    C = np.sum(~fy & ~oy & valid, axis=axes).astype(float)
    N = H + M + F + C
    out.update(hits=H, misses=M, false_alarms=F, correct_negatives=C)
    out["pod"] = ratio(H, H + M)
    out["far"] = ratio(F, H + F)
    out["pofd"] = ratio(F, F + C)
    out["success_ratio"] = ratio(H, H + F)
    out["csi"] = ratio(H, H + M + F)
    hr = ratio((H + M) * (H + F), N)
    out["ets"] = ratio(H - hr, H + M + F - hr)
    out["bias_score"] = ratio(H + F, H + M)
    out["accuracy"] = ratio(H + C, N)
    acc = ratio(H + C, N)
    e = ratio((H + F) * (H + M) + (M + C) * (F + C), N * N)
    out["hss"] = ratio(acc - e, 1 - e)
    o2 = ratio((H + M) ** 2 + (F + C) ** 2, N * N)
    out["pss"] = ratio(acc - e, 1 - o2)
    out["odds_ratio"] = ratio(H * C, M * F)
    ev = np.where(oy, 1.0, 0.0)
    out["brier"] = ratio(np.nansum(np.where(valid, w * (b - ev) ** 2, np.nan), axis=axes), sw)
    pods, pofds = [], []
    events = np.sum(oy, axis=axes)
    non = np.sum(valid & ~oy, axis=axes)
    for t in roc_t:
        with np.errstate(invalid="ignore"):
            yes = valid & (b >= t)
        pods.append(ratio(np.sum(yes & oy, axis=axes), events))
        pofds.append(ratio(np.sum(yes & ~oy, axis=axes), non))
    pods, pofds = np.array(pods), np.array(pofds)
    one = np.ones_like(pods[0])
    xs = np.concatenate([[0 * one], pofds[::-1], [one]])
    ys = np.concatenate([[0 * one], pods[::-1], [one]])
    out["roc_auc"] = np.sum((xs[1:] - xs[:-1]) * (ys[1:] + ys[:-1]) / 2, axis=0)
    out["roc_pod"] = pods
    out["roc_pofd"] = pofds
    # reliability table (10 equal bins, f = 1 in the last) and the Brier decomposition
    with np.errstate(invalid="ignore"):
        k = np.clip(np.floor(np.where(valid, b, 0) * 10), 0, 9)
    n_all = np.nansum(np.where(valid, w, np.nan), axis=axes)
    obar = ratio(np.nansum(np.where(valid, w * ev, np.nan), axis=axes), n_all)
    rel = res = wbv = wbc = 0
    table = []
    for j in range(10):
        inb = valid & (k == j)
        wk = np.sum(np.where(inb, w, 0), axis=axes)
        fk = ratio(np.sum(np.where(inb, w * b, 0), axis=axes), wk)
        ok = ratio(np.sum(np.where(inb, w * ev, 0), axis=axes), wk)
        cnt = np.sum(inb, axis=axes)
        table.append((fk, ok, cnt))
        rel = rel + np.where(wk > 0, wk * (fk - ok) ** 2, 0)
        res = res + np.where(wk > 0, wk * (ok - obar) ** 2, 0)
        fkb = np.expand_dims(fk, axes) if axes != (0, 1, 2) else fk
        okb = np.expand_dims(ok, axes) if axes != (0, 1, 2) else ok
        wbv = wbv + np.sum(np.where(inb, w * (b - fkb) ** 2, 0), axis=axes)
        wbc = wbc + 2 * np.sum(np.where(inb, w * (ev - okb) * (b - fkb), 0), axis=axes)
    out["reliability"] = ratio(rel, n_all)
    out["resolution"] = np.where(n_all > 0, ratio(res, n_all), np.nan)
    out["uncertainty"] = obar * (1 - obar)
    out["wbv"] = ratio(wbv, n_all)
    out["wbc"] = ratio(wbc, n_all)
    out["table"] = table
    return out


sources = {"model": b_model}
baselines = case.get("baselines", [])
info = {}
if baselines:
    t0, t1 = pd.Timestamp(case["train"][0]), pd.Timestamp(case["train"][1]) + pd.Timedelta("1D") - pd.Timedelta("1us")
    months = sorted(set(pd.DatetimeIndex(fc.time.values).month))
    tr = obs.sel(time=slice(t0, t1), latitude=fc.latitude, longitude=fc.longitude)
    tr = tr.sel(time=pd.DatetimeIndex(tr.time.values).month.isin(months))
    a_tr = evaluate(tr, case["observed_expr"])
    tmonths = pd.DatetimeIndex(tr.time.values).month.values
    fmonths = pd.DatetimeIndex(fc.time.values).month.values
    if "climatology" in baselines:
        clim = {}
        for m in months:
            clim[m] = np.nanmean(a_tr[tmonths == m], axis=0)
        sources["climatology"] = np.stack([clim[m] for m in fmonths])
    if "cape-threshold" in baselines:
        cape_tr = tr.convective_available_potential_energy.values
        # every 25 J/kg up to 10000 plus the given candidates; the best candidate, then moved one
        # threshold at a time while the training CSI rises (searched until it falls on both sides)
        given = case.get("cape_thresholds")
        grid = sorted(set([25.0 * i for i in range(401)] + ([float(g) for g in given] if given else [])))
        valid = ~np.isnan(a_tr) & ~np.isnan(cape_tr)
        oy = valid & (a_tr >= othr)
        csis = []
        for T in grid:
            fy = valid & (cape_tr >= T)
            h, m_, f_ = np.sum(fy & oy), np.sum(~fy & oy), np.sum(fy & ~oy)
            csis.append(float(ratio(h, h + m_ + f_)))
        cand = [i for i, T in enumerate(grid) if given is None or T in [float(g) for g in given]]
        k = max(cand, key=lambda i: (-np.inf if np.isnan(csis[i]) else csis[i], -i))
        while True:
            if k + 1 < len(grid) and csis[k + 1] > csis[k]:
                k += 1
            elif k > 0 and csis[k - 1] > csis[k]:
                k -= 1
            else:
                break
        best = grid[k]
        info["cape_threshold"] = best
        info["cape_peaked"] = (k == 0 or csis[k - 1] < csis[k]) and (k + 1 == len(grid) or csis[k + 1] < csis[k])
        info["cape_csi"] = csis[k]
        cape_here = o_here.convective_available_potential_energy.values
        sources["cape_threshold"] = np.where(np.isnan(cape_here), np.nan, (cape_here >= best).astype(float))

failures = []
checked = 0


def close(name, got, want):
    global checked
    got = np.asarray(got, float)
    want = np.asarray(want, float)
    if got.shape != want.shape:
        failures.append(f"{name}: shape {got.shape} != numpy {want.shape}")
        return
    gn, wn = np.isnan(got), np.isnan(want)
    if not np.array_equal(gn, wn):
        i = np.argwhere(gn != wn)[0]
        failures.append(f"{name}: NaN differs at {tuple(i)}: spangeo {got[tuple(i)]}, numpy {want[tuple(i)]}")
        return
    g, wv = got[~gn], want[~wn]
    bad = np.abs(g - wv) > 1e-9 * np.maximum(np.abs(g), np.abs(wv)) + 1e-12
    if bad.any():
        k = np.argmax(bad)
        failures.append(f"{name}: {g[k]!r} != numpy {wv[k]!r}")
    checked += got.size


metrics = case["metrics"]
for s, b in sources.items():
    ref = scores_of(a, b, axes)
    total = scores_of(a, b, (0, 1, 2))
    suffix = "" if s == "model" else "_" + s
    if "reliability" in metrics:
        sr = summary[s]["reliability"]
        for key, name in (("reliability", "reliability"), ("resolution", "resolution"), ("uncertainty", "uncertainty"),
                          ("within_bin_variance", "wbv"), ("within_bin_covariance", "wbc")):
            close(f"summary {s}.reliability.{key}", np.nan if sr[key] is None else sr[key], total[name])
        for j, row in enumerate(sr["table"]):
            fk, ok, cnt = total["table"][j]
            close(f"summary {s} table bin {j} forecast_mean", np.nan if row["forecast_mean"] is None else row["forecast_mean"], fk)
            close(f"summary {s} table bin {j} observed_frequency",
                  np.nan if row["observed_frequency"] is None else row["observed_frequency"], ok)
            close(f"summary {s} table bin {j} count", row["count"], cnt)
        brier_sum = total["reliability"] - total["resolution"] + total["uncertainty"] + total["wbv"] - total["wbc"]
        close(f"{s}: REL - RES + UNC + WBV - WBC is the Brier score", brier_sum, total["brier"])
    for m in metrics:
        names = ["roc_auc", "roc_pod", "roc_pofd"] if m == "roc" else ["reliability", "resolution", "uncertainty"] \
            if m == "reliability" else [m]
        for n in names:
            var = n + suffix
            if var not in scores:
                failures.append(f"{var} missing from the store")
                continue
            close(var, scores[var].values, ref[n])
        if m == "reliability":
            continue
        key = "roc_auc" if m == "roc" else m
        got = summary[s][key]
        close("summary " + s + "." + key, np.nan if got is None else got, total[key])
        if m == "roc":
            close("summary " + s + ".roc.pod", [np.nan if x is None else x for x in summary[s]["roc"]["pod"]], total["roc_pod"])
    kept = [d for d in dims if d not in reduce_dims]
    for m in metrics:
        var = ("roc_auc" if m == "roc" else m) + suffix
        if var in scores and list(scores[var].dims) != kept:
            failures.append(f"{var} has dims {scores[var].dims}, expected {kept}")
for d in [d for d in dims if d not in reduce_dims]:
    if not np.array_equal(scores[d].values, fc[d].values):
        failures.append(f"coordinate {d} differs from the forecast's")
if "climatology" in sources and "brier" in metrics:
    want = 1 - ratio(scores_of(a, b_model, (0, 1, 2))["brier"], scores_of(a, sources["climatology"], (0, 1, 2))["brier"])
    close("summary brier_skill_score", np.nan if summary["brier_skill_score"] is None else summary["brier_skill_score"], want)
    close("brier_skill_score", scores["brier_skill_score"].values,
          1 - ratio(scores_of(a, b_model, axes)["brier"], scores_of(a, sources["climatology"], axes)["brier"]))
if "cape_threshold" in info:
    if summary["baselines"]["cape_threshold"] != info["cape_threshold"]:
        failures.append(f"cape threshold {summary['baselines']['cape_threshold']} != numpy {info['cape_threshold']}")
    search = summary["baselines"]["cape_search"]
    close("summary cape training csi", search["training_csi"], info["cape_csi"])
    if search["peaked"] != info["cape_peaked"]:
        failures.append(f"cape search peaked {search['peaked']} != numpy {info['cape_peaked']}")
if failures:
    print("FAILED: " + "; ".join(failures[:8]))
    sys.exit(1)
print(f"ok {checked} values")
