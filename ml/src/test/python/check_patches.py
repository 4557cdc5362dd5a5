"""Opens a patch store with xarray (consolidated) and prints what the Java test checks."""
import json
import sys

import xarray as xr

ds = xr.open_zarr(sys.argv[1], consolidated=True)
b = int(sys.argv[2])
print(json.dumps({
    "features": [list(ds.features.dims), list(ds.features.shape), str(ds.features.dtype)],
    "label": [list(ds.label.dims), str(ds.label.dtype)],
    "batch_time": [str(t)[:19] for t in ds.batch_time.values[b]],
    "batch_latitude": [float(x) for x in ds.batch_latitude.values[b]],
    "first": float(ds.features.values[b, 0, 0, 0, 0]),
    "label_sum": int(ds.label.values[b].sum()),
}))
