"""Compares a store written by a spangeo command with what xarray computes on the same input.

usage: check_stage.py STAGE OUT_STORE INPUT_STORE JSON_ARGS
Exits non-zero with the first difference; prints "ok <n values compared>" otherwise.
"""
import json
import warnings
import sys

import numpy as np
import xarray as xr

from selection import select

warnings.filterwarnings("ignore")  # dask warns about all-NaN slices, which are expected here

stage, out, src, args = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
ds = select(xr.open_zarr(src), args)

# The reference is xarray on float64 input: with float32 input numpy's own rounding (std of
# values near 290 loses ~5e-5 to cancellation) would dominate the comparison.
raw = ds
if stage != "subset":
    ds = ds.astype("float64")
if stage == "subset":
    want = ds
elif stage == "climatology":
    by, stat = args.get("by", "month"), args.get("stat", "mean")
    g = ds.groupby("time." + by)
    want = getattr(g, stat)("time")
elif stage == "resample":
    r = ds.resample(time=args["freq"])
    want = getattr(r, args.get("stat", "mean"))()
    if args.get("drop_empty"):  # --drop-empty: periods without data are left out (xarray NaN-fills them)
        has = ds.time.resample(time=args["freq"]).count() > 0
        want = want.sel(time=has.time[has.values])
elif stage == "anomaly" and args.get("standardize"):
    by = args.get("by", "month")
    want = ds.groupby("time." + by).map(lambda g: (g - g.mean("time")) / g.std("time"))
elif stage == "anomaly":
    by = args.get("by", "month")
    want = ds.groupby("time." + by) - ds.groupby("time." + by).mean("time")
elif stage == "area-mean":
    w = np.cos(np.deg2rad(ds.latitude)) if args.get("weights", "coslat") == "coslat" else xr.ones_like(ds.latitude)
    want = ds.weighted(w).mean(("latitude", "longitude"))
else:
    raise SystemExit("unknown stage " + stage)

got = xr.open_zarr(out, consolidated=True)
n = 0
for v in want.data_vars:
    a = got[v].transpose(*want[v].dims).values.astype("float64")
    b = want[v].values.astype("float64")
    assert a.shape == b.shape, (v, a.shape, b.shape)
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    assert (nan_a == nan_b).all(), f"{v}: NaN differs at {np.argwhere(nan_a != nan_b)[0]} (ours NaN={nan_a[tuple(np.argwhere(nan_a != nan_b)[0])]})"
    # relative to the value, or for anomalies (differences of values near each other) to the input's
    scale = np.abs(raw[v].transpose(*want[v].dims).values.astype("float64")) if stage == "anomaly" else np.abs(b)
    if args.get("standardize"):  # relative to the input over its group's std
        by = "time." + args.get("by", "month")
        std = ds[v].groupby(by).std("time")
        scale = (np.abs(ds[v]).groupby(by) / std).transpose(*want[v].dims).values
    ok = nan_a | (np.abs(a - b) <= 1e-6 * np.maximum(scale, 1e-30))
    if not ok.all():
        i = tuple(np.argwhere(~ok)[0])
        raise SystemExit(f"{v}: {int((~ok).sum())} values differ beyond 1e-6 relative; first at {i}: ours {a[i]!r}, xarray {b[i]!r}")
    assert got[v].dtype == np.float32 or stage == "subset", (v, got[v].dtype)
    n += a.size
for c in want.coords:
    if c in got.coords and c in want.dims:
        assert np.array_equal(got[c].values, want[c].values), (c, got[c].values[:5], want[c].values[:5])
print("ok", n)
