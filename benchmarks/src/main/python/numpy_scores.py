#!/usr/bin/python3
"""The score benchmark's peer: numpy computing the same scores as 'spangeo score --dims time
--metrics all' (mse, rmse, mae, me, pearson_r, r2, the contingency scores at 0.5, brier, ROC at
0, 0.1, ..., 1) on the same stores, one pass over the year in slabs of 48 steps (the forecast's
chunks; the whole year in float64 temporaries would not fit), per-cell sums in float64, then
the scores from the sums. Single process: numpy's element-wise operations use one core.

    /usr/bin/python3 numpy_scores.py DIR RUNS

Prints "numpy SECONDS cpu=CPU_SECONDS" per timed run (reading included) and "numpy-read SECONDS" (reading only).
"""
import sys
import time

import numpy as np
import zarr

d, runs = sys.argv[1], int(sys.argv[2])
fc = zarr.open_consolidated(d + "/forecast.zarr", mode="r")["convection_probability"]
ob = zarr.open_consolidated(d + "/observed.zarr", mode="r")["total_precipitation"]
lat = zarr.open_consolidated(d + "/forecast.zarr", mode="r")["latitude"][:]
nt, ny, nx = fc.shape
thr = np.linspace(0, 1, 11)


def score():
    w1 = np.cos(np.deg2rad(lat))
    w1 = (w1 / w1.max())[None, :, None]
    s = {k: np.zeros((ny, nx)) for k in ("w", "a", "b", "aa", "bb", "ab", "se", "ae", "d", "bs")}
    cnt = {k: np.zeros((ny, nx)) for k in ("H", "M", "F", "C")}
    roc_e = np.zeros((len(thr), ny, nx))
    roc_n = np.zeros((len(thr), ny, nx))
    ev_all = np.zeros((ny, nx))
    ne_all = np.zeros((ny, nx))
    for c in range(0, nt, 48):
        b = fc[c:c + 48].astype(np.float64)
        a = (ob[c:c + 48].astype(np.float64) * 1000 > 5).astype(np.float64)
        a[np.isnan(ob[c:c + 48])] = np.nan
        valid = ~(np.isnan(a) | np.isnan(b))
        w = np.where(valid, w1, 0.0)
        a0 = np.where(valid, a, 0.0)
        b0 = np.where(valid, b, 0.0)
        s["w"] += w.sum(0)
        s["a"] += (w * a0).sum(0)
        s["b"] += (w * b0).sum(0)
        s["aa"] += (w * a0 * a0).sum(0)
        s["bb"] += (w * b0 * b0).sum(0)
        s["ab"] += (w * a0 * b0).sum(0)
        e = a0 - b0
        s["se"] += (w * e * e).sum(0)
        s["ae"] += (w * np.abs(e)).sum(0)
        s["d"] -= (w * e).sum(0)
        oy = valid & (a0 >= 0.5)
        fy = valid & (b0 >= 0.5)
        s["bs"] += (w * (b0 - oy) ** 2).sum(0)
        cnt["H"] += (fy & oy).sum(0)
        cnt["M"] += (~fy & oy).sum(0)
        cnt["F"] += (fy & ~oy & valid).sum(0)
        cnt["C"] += (~fy & ~oy & valid).sum(0)
        ev_all += oy.sum(0)
        ne_all += (valid & ~oy).sum(0)
        for k, t in enumerate(thr):
            yes = valid & (b0 >= t)
            roc_e[k] += (yes & oy).sum(0)
            roc_n[k] += (yes & ~oy).sum(0)
    with np.errstate(all="ignore"):
        W = s["w"]
        ma, mb = s["a"] / W, s["b"] / W
        caa, cbb, cab = s["aa"] - W * ma * ma, s["bb"] - W * mb * mb, s["ab"] - W * ma * mb
        out = {"mse": s["se"] / W, "mae": s["ae"] / W, "me": s["d"] / W, "pearson_r": np.clip(cab / np.sqrt(caa * cbb), -1, 1),
               "r2": 1 - s["se"] / caa, "brier": s["bs"] / W}
        out["rmse"] = np.sqrt(out["mse"])
        H, M, F, C = cnt["H"], cnt["M"], cnt["F"], cnt["C"]
        N = H + M + F + C
        hr = (H + M) * (H + F) / N
        acc = (H + C) / N
        e = ((H + F) * (H + M) + (M + C) * (F + C)) / N ** 2
        out.update(pod=H / (H + M), far=F / (H + F), pofd=F / (F + C), sr=H / (H + F), csi=H / (H + M + F),
                   ets=(H - hr) / (H + M + F - hr), bias=(H + F) / (H + M), acc=acc, hss=(acc - e) / (1 - e),
                   pss=(acc - e) / (1 - ((H + M) ** 2 + (F + C) ** 2) / N ** 2), odds=H * C / (M * F))
        pod, pofd = roc_e / ev_all, roc_n / ne_all
        x = np.concatenate([np.zeros((1, ny, nx)), pofd[::-1], np.ones((1, ny, nx))])
        y = np.concatenate([np.zeros((1, ny, nx)), pod[::-1], np.ones((1, ny, nx))])
        out["auc"] = np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2, axis=0)
    return out


for r in range(runs):
    t0 = time.perf_counter()
    for c in range(0, nt, 48):
        fc[c:c + 48]
        ob[c:c + 48]
    print(f"numpy-read {time.perf_counter() - t0:.3f}", flush=True)
    t0 = time.perf_counter()
    c0 = time.process_time()
    res = score()
    print(f"numpy {time.perf_counter() - t0:.3f} cpu={time.process_time() - c0:.3f} csi={np.nanmean(res['csi']):.6f}",
          flush=True)
