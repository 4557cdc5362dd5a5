"""Compares a store written by spangeo coarsen / regrid / points / subset --stride with xarray.

usage: check_spatial.py STAGE OUT_STORE INPUT_STORE JSON_ARGS
The reference is xarray (float64) on the same input; values must agree within 1e-6 relative,
NaN where xarray has NaN, and every coordinate xarray gives must be there with its values.
Prints "ok <n values compared>", or exits non-zero with the first difference.
"""
import json
import sys
import warnings

import numpy as np
import xarray as xr

from selection import select

warnings.filterwarnings("ignore")  # all-NaN windows are expected

stage, out, src, args = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
ds = select(xr.open_zarr(src), args)
if args.get("point") and args.get("keep_point_dims"):  # --keep-point-dims: a list selection keeps both dims
    ds = ds.sel(latitude=[args["point"][0]], longitude=[args["point"][1]], method="nearest")
elif args.get("point"):  # one --point: scalar coordinates, the dims dropped
    ds = ds.sel(latitude=args["point"][0], longitude=args["point"][1], method="nearest")
if args.get("stride"):
    ds = ds.isel({d: slice(None, None, n) for d, n in args["stride"].items()})

raw_dtypes = {v: ds[v].dtype for v in ds.data_vars}
ds = ds.astype("float64") if stage != "subset" else ds
if stage == "subset":
    want = ds
elif stage == "coarsen":
    c = ds.coarsen(args["factor"], boundary=args.get("boundary", "exact"))
    want = getattr(c, args.get("stat", "mean"))()
elif stage == "regrid":
    res = args["res"]

    def grid(c):
        lo, hi = float(min(c[0], c[-1])), float(max(c[0], c[-1]))
        k = np.arange(int(np.ceil(lo / res - 1e-9)), int(np.floor(hi / res + 1e-9)) + 1)
        g = np.rint(k * res * 1e9) / 1e9
        g = g[(g >= lo) & (g <= hi)]
        return g[::-1] if c[0] > c[-1] else g

    method = {"bilinear": "linear", "nearest": "nearest"}[args.get("method", "bilinear")]
    want = ds.interp(latitude=grid(ds.latitude.values), longitude=grid(ds.longitude.values), method=method)
elif stage == "points":
    lats = [p[0] for p in args["points"]]
    lons = [p[1] for p in args["points"]]
    want = ds.sel(latitude=xr.DataArray(lats, dims="point"), longitude=xr.DataArray(lons, dims="point"), method="nearest")
    want = want.assign_coords(requested_latitude=("point", np.array(lats, dtype="float64")),
                              requested_longitude=("point", np.array(lons, dtype="float64")))
else:
    raise SystemExit("unknown stage " + stage)

got = xr.open_zarr(out, consolidated=True)
n = 0
for v in want.data_vars:
    assert v in got.data_vars, f"{v} missing (got {list(got.data_vars)})"
    assert got[v].dims == want[v].dims, (v, got[v].dims, want[v].dims)
    a = got[v].values.astype("float64")
    b = want[v].values.astype("float64")
    assert a.shape == b.shape, (v, a.shape, b.shape)
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    if (nan_a != nan_b).any():
        i = tuple(np.argwhere(nan_a != nan_b)[0])
        raise SystemExit(f"{v}: NaN differs at {i}: ours {a[i]!r}, xarray {b[i]!r} ({int((nan_a != nan_b).sum())} cells)")
    ok = nan_a | (np.abs(a - b) <= 1e-6 * np.maximum(np.abs(b), 1e-30))
    if not ok.all():
        i = tuple(np.argwhere(~ok)[0])
        raise SystemExit(f"{v}: {int((~ok).sum())} values differ beyond 1e-6 relative; first at {i}: ours {a[i]!r}, xarray {b[i]!r}")
    # the output keeps the decoded type: float32 stays float32
    assert got[v].dtype == raw_dtypes[v], (v, got[v].dtype, raw_dtypes[v])
    n += a.size
for c in want.coords:
    assert c in got.coords, f"coordinate {c} missing (got {list(got.coords)})"
    assert got[c].dims == want[c].dims, (c, got[c].dims, want[c].dims)
    x, y = got[c].values, want[c].values
    if np.issubdtype(y.dtype, np.datetime64):
        assert np.array_equal(x, y), (c, x[:5], y[:5])
    else:
        assert np.allclose(x.astype("float64"), y.astype("float64"), rtol=1e-12, atol=0, equal_nan=True), (c, x, y)
    n += y.size
print("ok", n)
