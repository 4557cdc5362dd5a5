"""A 3-hourly two-year ERA5-like dataset for the stage tests (xarray writes it).

usage: make_stage_input.py OUT_STORE
"""
import sys

import numpy as np
import pandas as pd
import xarray as xr
from numcodecs import Blosc

out = sys.argv[1]
rng = np.random.default_rng(11)
time = pd.date_range("2019-01-01", "2020-12-31 21:00", freq="3H")
lat = np.arange(30.0, 9.5, -1.0)        # descending, 21 values
lon = np.arange(100.0, 125.5, 1.0)      # 26 values
level = np.array([850, 500], dtype="int32")
nt = len(time)
doy = time.dayofyear.values[:, None, None]
hour = time.hour.values[:, None, None]
base = 290 - 0.5 * (lat[None, :, None] - 20) + 8 * np.sin(2 * np.pi * (doy - 100) / 365) + 3 * np.sin(2 * np.pi * hour / 24)
t2m = (base + rng.standard_normal((nt, len(lat), len(lon)))).astype("float32")
t2m[rng.random(t2m.shape) < 0.02] = np.nan          # scattered gaps
t2m[:, 3, 4] = np.nan                                # a cell that is always missing
t2m[(time.month == 7), 5, 5] = np.nan                # missing for one whole month
temp = np.stack([t2m + 5, t2m - 20], axis=1).astype("float32")
tp = np.clip(rng.gamma(0.3, 0.002, (nt, len(lat), len(lon))), 0, None).astype("float32")
ds = xr.Dataset(
    {"t2m": (("time", "latitude", "longitude"), t2m, {"units": "K", "long_name": "2 metre temperature"}),
     "temperature": (("time", "level", "latitude", "longitude"), temp, {"units": "K"}),
     "total_precipitation": (("time", "latitude", "longitude"), tp, {"units": "m"})},
    coords={"time": time, "level": ("level", level, {"units": "hPa"}),
            "latitude": ("latitude", lat, {"units": "degrees_north"}),
            "longitude": ("longitude", lon, {"units": "degrees_east"})})
enc = {v: {"compressor": Blosc("zstd", 3, shuffle=2), "chunks": {"time": 100, "level": 1, "latitude": 8, "longitude": 10}}
       for v in ds.data_vars}
for v in enc:
    enc[v]["chunks"] = tuple(enc[v]["chunks"][d] for d in ds[v].dims)
ds.to_zarr(out, mode="w", consolidated=True, encoding=enc)
print("ok")
