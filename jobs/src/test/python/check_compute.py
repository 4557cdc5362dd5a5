"""Checks a store written by `spangeo compute` against xarray evaluating the same expressions.

usage: check_compute.py OUT_STORE INPUT_STORE JSON_ARGS
JSON_ARGS: {"exprs": [[name, python expression], ...], "keep": [...], "attrs": {name: {key: value}},
            "months": [...], "lat": [a, b], "level": [...]}
The expressions are evaluated by Python on xarray DataArrays of the input (in their stored dtype,
float32) with numpy's functions; results must match in dims (order included), dtype, NaN
positions and values (bool exactly). Prints "ok <values compared> inf=<count of +-Inf cells>".
"""
import json
import sys
import warnings

import numpy as np
import xarray as xr

from selection import select

warnings.filterwarnings("ignore")  # numpy warns about 1/0 and sqrt of negatives, which are tested

out, src, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ds = select(xr.open_zarr(src), args).load()

env = {name: getattr(np, name) for name in ["sqrt", "abs", "exp", "log", "log10", "log2", "sin", "cos", "tan",
                                              "arcsin", "arccos", "arctan", "deg2rad", "rad2deg", "floor", "ceil",
                                              "isnan", "isfinite", "minimum", "maximum", "fmin", "fmax",
                                              "arctan2", "power", "clip", "nan", "inf", "pi"]}
env["where"] = xr.where
env["np"] = np
for v in ds.variables:
    env[v] = ds[v]

got = xr.open_zarr(out, consolidated=True)
n = 0
inf = 0
for name, expr in args["exprs"]:
    want = eval(expr, env)
    env[name] = want
    a = got[name]
    assert a.dims == want.dims, f"{name}: dims {a.dims}, xarray {want.dims}"
    assert a.dtype == want.dtype, f"{name}: dtype {a.dtype}, xarray {want.dtype}"
    x, y = a.values, want.values
    if y.dtype == bool:
        assert np.array_equal(x, y), f"{name}: {int((x != y).sum())} values differ"
    else:
        x64, y64 = x.astype("float64"), y.astype("float64")
        nx, ny = np.isnan(x64), np.isnan(y64)
        assert (nx == ny).all(), f"{name}: NaN differs at {np.argwhere(nx != ny)[0]}"
        fx, fy = np.isinf(x64), np.isinf(y64)
        assert (fx == fy).all() and (x64[fx] == y64[fy]).all(), f"{name}: Inf differs"
        inf += int(fy.sum())
        ok = nx | fx | (np.abs(x64 - y64) <= 2e-6 * np.abs(y64) + 1e-12)
        if not ok.all():
            i = tuple(np.argwhere(~ok)[0])
            raise SystemExit(f"{name}: {int((~ok).sum())} values differ; first at {i}: ours {x64[i]!r}, xarray {y64[i]!r}")
    n += x.size
for v in args.get("keep", []):
    assert np.array_equal(got[v].values, ds[v].values, equal_nan=True), v
    n += got[v].size
for v, attrs in args.get("attrs", {}).items():
    for k, val in attrs.items():
        assert got[v].attrs.get(k) == val, (v, k, got[v].attrs)
assert set(got.data_vars) == {e[0] for e in args["exprs"]} | set(args.get("keep", [])), sorted(got.data_vars)
for c in got.coords:
    assert np.array_equal(got[c].values, ds[c].values), c
print("ok", n, f"inf={inf}")
