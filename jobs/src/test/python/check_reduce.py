"""Compares a store written by `spangeo reduce` (or climatology / resample with a count or a
quantile) with xarray's reduction of the same input.

usage: check_reduce.py OUT_STORE INPUT_STORE JSON_ARGS
JSON_ARGS: {"op": "reduce"|"groupby"|"resample", "vars": [...], "dims": [...] (reduce; absent: all),
            "stat": "mean"|"std"|"min"|"max"|"sum"|"count"|"quantile", "q": 0.9, "by": "month",
            "freq": "1MS", "months": [...], "lat": [a, b]}
Prints "ok <values compared>" and, for scalars, "value <var> <value>" lines.
"""
import json
import sys
import warnings

import numpy as np
import xarray as xr

warnings.filterwarnings("ignore")  # all-NaN slices are expected

out, src, a = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ds = xr.open_zarr(src)
if a.get("vars"):
    ds = ds[a["vars"]]
if a.get("months"):
    ds = ds.sel(time=ds.time.dt.month.isin(a["months"]))
if a.get("lat"):
    ds = ds.sel(latitude=slice(*a["lat"]))
ds = ds.load().astype("float64")  # the reference in float64: float32 accumulation would dominate the error

stat, op = a["stat"], a["op"]


def reduce(obj, dim):
    if stat == "quantile":
        r = obj.quantile(a["q"], dim=dim, skipna=True)
        return r.drop_vars("quantile") if "quantile" in r.coords else r
    return getattr(obj, stat)(dim=dim)


if op == "reduce":
    want = reduce(ds, a.get("dims"))
elif op == "groupby":
    g = ds.groupby("time." + a["by"])
    want = g.quantile(a["q"], dim="time") if stat == "quantile" else getattr(g, stat)("time")
    if "quantile" in want.coords:
        want = want.drop_vars("quantile")
    if a["by"] == "season":  # xarray's labels sort alphabetically; Spangeo codes them 1 DJF, 2 MAM, 3 JJA, 4 SON
        want = want.sel(season=["DJF", "MAM", "JJA", "SON"]).assign_coords(season=[1, 2, 3, 4])
elif op == "resample":
    r = ds.resample(time=a["freq"])
    want = r.quantile(a["q"]) if stat == "quantile" else getattr(r, stat)()
    if "quantile" in want.coords:
        want = want.drop_vars("quantile")
else:
    raise SystemExit("unknown op " + op)

got = xr.open_zarr(out, consolidated=True)
n = 0
for v in want.data_vars:
    w = want[v]
    g = got[v]
    assert set(g.dims) == set(w.dims), (v, g.dims, w.dims)
    x = g.transpose(*w.dims).values.astype("float64")
    y = w.values.astype("float64")
    assert x.shape == y.shape, (v, x.shape, y.shape)
    nx, ny = np.isnan(x), np.isnan(y)
    assert (nx == ny).all(), f"{v}: NaN differs at {np.argwhere(nx != ny)[0]}"
    ok = nx | (np.abs(x - y) <= 1e-6 * np.abs(y) + 1e-9)
    if not ok.all():
        i = tuple(np.argwhere(~ok)[0])
        raise SystemExit(f"{v}: {int((~ok).sum())} values differ; first at {i}: ours {x[i]!r}, xarray {y[i]!r}")
    if stat == "count" and op == "reduce":
        assert g.dtype == np.int64, (v, g.dtype)
    elif stat != "count":
        assert g.dtype == np.float32, (v, g.dtype)
    if x.ndim == 0:
        print("value", v, repr(float(y)))
    n += x.size
for c in want.coords:
    if c in want.dims:
        assert np.array_equal(got[c].values, want[c].values), (c, got[c].values[:5], want[c].values[:5])
print("ok", n)
