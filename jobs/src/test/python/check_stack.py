"""Checks a store written by `spangeo convert --stack-dim` against numpy stacking the files read
with h5py (da.stack(arrays, axis=0) in the notebook).

usage: check_stack.py OUT_STORE DIM COORD_JSON FILE...
COORD_JSON: the expected coordinate: ["dates", ...] or [numbers]
"""
import json
import sys

import h5py
import numpy as np
import xarray as xr

out, dim, coord, files = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4:]
want = np.stack([h5py.File(f, "r")["/t2m"][...] for f in files], axis=0)
got = xr.open_zarr(out)
assert got.t2m.dims == (dim, "phony_dim_0", "phony_dim_1"), got.t2m.dims
assert got.t2m.dtype == np.float32
assert np.array_equal(got.t2m.values, want), "stacked values differ from numpy's"
if coord and isinstance(coord[0], str):
    assert list(got[dim].values.astype("datetime64[D]").astype(str)) == coord, got[dim].values
else:
    assert list(got[dim].values) == coord, got[dim].values
print("ok", want.size)
