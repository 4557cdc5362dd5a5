"""Checks a 'spangeo score --metrics fss:...' output against the paper's formula in numpy.

usage: check_fss.py SUMMARY.json SCORES.zarr FORECAST_STORE OBSERVED_GLOB OBSERVED_EXPR [--per-time] [--months 6,7,8,9]

Roberts and Lean (2008): binary fields I_O (observed expression true) and I_M (forecast >= the
FSS threshold), a NaN on either side is no event on both; fractions O_n, M_n are the means of the
n x n square around each point with the cells outside the grid counted as no event (scipy's
convolution with mode "constant", not summed-area tables); FSS_n = 1 - sum (O_n - M_n)^2 /
(sum O_n^2 + sum M_n^2) over every point of every field; the useful scale is the smallest n with
FSS_n >= 0.5 + f/2, f the observed event frequency. The CAPE-threshold baseline (when in the summary) is checked with the threshold
the summary chose. --per-time checks the store's FSS per time step (score --dims latitude,longitude);
--months keeps those months of the forecast, as score --months did. Prints "ok ..." or exits non-zero.
"""
import glob
import json
import re
import sys

import numpy as np
import xarray as xr
from scipy.ndimage import convolve

summary = json.load(open(sys.argv[1]))
scores = xr.open_zarr(sys.argv[2], consolidated=True)
fc = xr.open_zarr(sys.argv[3], consolidated=True)
paths = sorted(glob.glob(sys.argv[4]))
obs = xr.open_mfdataset(paths, engine="zarr", consolidated=True) if len(paths) > 1 else xr.open_zarr(paths[0], consolidated=True)
expr = sys.argv[5]
rest = sys.argv[6:]
kept = "time" if "--per-time" in rest else None
var = "convection_probability"
if "--months" in rest:
    months = [int(m) for m in rest[rest.index("--months") + 1].split(",")]
    fc = fc.sel(time=fc.time.dt.month.isin(months))
o_here = obs.sel(time=fc.time, latitude=fc.latitude, longitude=fc.longitude)
names = [n for n in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr) if n in o_here.data_vars]
arrays = {n: o_here[n].values.astype(float) for n in names}
a = np.asarray(eval(expr, {"np": np}, arrays), dtype=float)
for x in arrays.values():
    a = np.where(np.isnan(x), np.nan, a)
sources = {"model": fc[var].values.astype(float)}
if "baselines" in summary and "cape_threshold" in summary["baselines"]:
    cape = o_here.convective_available_potential_energy.values.astype(float)
    sources["cape_threshold"] = np.where(np.isnan(cape), np.nan, (cape >= summary["baselines"]["cape_threshold"]).astype(float))
failures = []
checked = 0


def close(name, got, want):
    global checked
    got, want = np.asarray(got, float), np.asarray(want, float)
    if got.shape != want.shape:
        failures.append(f"{name}: shape {got.shape} != numpy {want.shape}")
        return
    gn, wn = np.isnan(got), np.isnan(want)
    if not np.array_equal(gn, wn):
        failures.append(f"{name}: NaN differs: spangeo {got}, numpy {want}")
        return
    bad = np.abs(got[~gn] - want[~wn]) > 1e-9 * np.maximum(1, np.abs(want[~wn]))
    if bad.any():
        failures.append(f"{name}: spangeo {got[~gn][bad][:3]} != numpy {want[~wn][bad][:3]}")
    checked += got.size


for s, b in sources.items():
    f = summary[s]["fss"]
    thr, scales = f["threshold"], f["scales"]
    valid = ~np.isnan(a) & ~np.isnan(b)
    io = (valid & (a >= 0.5)).astype(float)    # the observed expression is 1/0 (observed threshold 0.5)
    im = (valid & (b >= thr)).astype(float)
    per_time, total = [], []
    for n in scales:
        k = np.ones((1, n, n)) / (n * n)
        on = convolve(io, k, mode="constant", cval=0.0)
        mn = convolve(im, k, mode="constant", cval=0.0)
        d2 = ((on - mn) ** 2).sum(axis=(1, 2))
        ref = (on ** 2).sum(axis=(1, 2)) + (mn ** 2).sum(axis=(1, 2))
        with np.errstate(all="ignore"):
            per_time.append(np.where(ref == 0, np.nan, 1 - d2 / np.where(ref == 0, 1, ref)))
            total.append(np.nan if ref.sum() == 0 else 1 - d2.sum() / ref.sum())
    base = io.sum() / io.size
    useful = 0.5 + base / 2
    us = [n for n, v in zip(scales, total) if v >= useful]
    close(s + " fss", [np.nan if v is None else v for v in f["fss"]], total)
    close(s + " base rate", f["observed_base_rate"], base)
    close(s + " useful fss", f["useful_fss"], useful)
    close(s + " useful scale", np.nan if f["useful_scale"] is None else f["useful_scale"], us[0] if us else np.nan)
    name = "fss" if s == "model" else "fss_" + s
    if kept == "time":
        close(name + " per time step", scores[name].values, np.array(per_time))
    else:
        close(name + " store", scores[name].values, np.array(total))
# the store's scale coordinate: whole cell counts (int64), the summary's scales
sc = scores["scale"]
if sc.dtype.kind != "i" or list(sc.values) != list(summary["model"]["fss"]["scales"]):
    failures.append(f"scale coordinate: {sc.dtype} {list(sc.values)}, want int64 {summary['model']['fss']['scales']}")
if failures:
    print("FAILED: " + "; ".join(failures[:6]))
    sys.exit(1)
m = summary["model"]["fss"]
print(f"ok: FSS per scale, f, the useful bar and scale and the store's fields of {', '.join(sources)} as numpy computes them"
      f" ({checked} values); model FSS " + ", ".join(f"{n}: " + ("NaN" if v is None else f"{v:.3f}") for n, v in zip(m["scales"], m["fss"]))
      + (f"; useful from {int(m['useful_scale'])} cells" if m["useful_scale"] is not None else "; no useful scale"))
