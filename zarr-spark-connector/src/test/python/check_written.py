"""Checks a store Spangeo wrote against xarray's own answer.

usage: check_written.py OUT_STORE SOURCE_GLOB SPEC_JSON
SPEC_JSON: {"vars": [...], "lat": [a, b] | null, "lon": [a, b] | null, "months": [...] | null,
            "chunks": {"dim": n} | null}
Exits non-zero with the difference when they disagree; prints "ok" otherwise.
"""
import json
import sys

import numpy as np
import xarray as xr
import zarr

out, src, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ds = xr.open_mfdataset(src, engine="zarr", combine="by_coords")[spec["vars"]]
if spec.get("lat"):
    ds = ds.sel(latitude=slice(*spec["lat"]))
if spec.get("lon"):
    ds = ds.sel(longitude=slice(*spec["lon"]))
if spec.get("months"):
    ds = ds.sel(time=ds.time.dt.month.isin(spec["months"]))

got = xr.open_zarr(out, consolidated=True)
assert set(got.data_vars) == set(spec["vars"]), (set(got.data_vars), spec["vars"])
for v in spec["vars"]:
    assert got[v].dims == ds[v].dims, (v, got[v].dims, ds[v].dims)
    assert got[v].dtype == ds[v].dtype, (v, got[v].dtype, ds[v].dtype)
    a, b = got[v].values, ds[v].values
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    assert same.all(), f"{v}: {int((~same).sum())} values differ, first at {np.argwhere(~same)[0]}"
    for k, val in ds[v].attrs.items():
        assert got[v].attrs.get(k) == val, (v, k, got[v].attrs.get(k), val)
for c in ds.coords:
    assert got[c].dtype == ds[c].dtype, (c, got[c].dtype, ds[c].dtype)
    assert np.array_equal(got[c].values, ds[c].values), c
assert np.issubdtype(got.time.dtype, np.datetime64)
# written the way numcodecs 0.11 expects: no Blosc typesize key; consolidated metadata present
g = zarr.open_consolidated(out)
for v in spec["vars"]:
    comp = g[v].compressor
    assert comp.codec_id == "blosc" and comp.cname == "zstd" and comp.clevel == 3 and comp.shuffle == 2, comp
    if spec.get("chunks"):
        for d, n in zip(ds[v].dims, g[v].chunks):
            if d not in spec["chunks"]:
                continue  # kept from the source
            c = spec["chunks"][d]
            want = ds.sizes[d] if c <= 0 else min(c, ds.sizes[d])
            assert n == want, (v, d, n, want)
print("ok")
