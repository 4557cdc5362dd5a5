"""Checks a store written with df.write.format("zarr") against xarray on the source.

usage: check_df_write.py OUT SOURCE_GLOB CASE
"""
import sys
import warnings

import numpy as np
import xarray as xr

warnings.filterwarnings("ignore")
out, src, case = sys.argv[1], sys.argv[2], sys.argv[3]
ds = xr.open_mfdataset(src, engine="zarr", combine="by_coords")
got = xr.open_zarr(out, consolidated=True)
if case == "transform":
    s = ds.sel(latitude=slice(30, 15))
    want = {"t2m": s.t2m, "t2m_c": s.t2m - np.float32(273.15), "sst": s.sst}
elif case == "filtered":
    s = ds.sel(latitude=slice(30, 15))
    want = {"t2m": s.t2m.where(s.t2m < 295)}
elif case == "appended":
    want = {"t2m": ds.t2m.sel(latitude=slice(25, 20))}
else:
    raise SystemExit("unknown case " + case)
for v, w in want.items():
    g = got[v].transpose(*w.dims)
    assert g.dims == w.dims, (v, g.dims, w.dims)
    for c in w.dims:
        assert np.array_equal(g[c].values, w[c].values), (v, c, g[c].values[:3], w[c].values[:3])
    a, b = g.values.astype("float64"), w.values.astype("float64")
    same = (np.isnan(a) & np.isnan(b)) | (a == b)
    assert same.all(), f"{v}: {int((~same).sum())} cells differ, first at {np.argwhere(~same)[0]}"
    assert got[v].dtype == w.dtype, (v, got[v].dtype, w.dtype)
assert np.issubdtype(got.time.dtype, np.datetime64)
print("ok")
