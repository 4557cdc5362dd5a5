"""Opens a prediction store with xarray (consolidated) and prints what the Java test checks."""
import json
import sys

import numpy as np
import xarray as xr

ds = xr.open_zarr(sys.argv[1], consolidated=True)
v = ds["convection_probability"]
vals = v.values
print(json.dumps({
    "dims": list(v.dims),
    "dtype": str(v.dtype),
    "shape": list(vals.shape),
    "latitude": [float(x) for x in ds.latitude.values],
    "longitude": [float(x) for x in ds.longitude.values],
    "time0": str(ds.time.values[0])[:19],
    "nan": int(np.isnan(vals).sum()),
    "values": [float(x) for x in vals.ravel()],
}))
