"""A small store for the Spark UI tests: t2m(time 48 six-hourly from 2019-01-01, latitude 40..25,
longitude 100..119), chunks (12, 8, 10): 4 x 2 x 2 = 16 chunks. With a second path, also a
mixed-level store: the same t2m beside temperature(time, level 3, latitude, longitude), chunks
(12, 1, 8, 10)."""
import sys

import numpy as np
import pandas as pd
import xarray as xr

out = sys.argv[1]
time = pd.date_range("2019-01-01", periods=48, freq="6H")
lat = np.arange(40.0, 24.0, -1.0)
lon = np.arange(100.0, 120.0, 1.0)
vals = (280.0 + np.arange(48)[:, None, None] * 0.1 + lat[None, :, None] * 0.01 + lon[None, None, :] * 0.001)
ds = xr.Dataset({"t2m": (("time", "latitude", "longitude"), vals.astype("float32"), {"units": "K"})},
                coords={"time": time, "latitude": lat, "longitude": lon})
ds.to_zarr(out, mode="w", consolidated=True, encoding={"t2m": {"chunks": (12, 8, 10)}})
if len(sys.argv) > 2:
    level = np.array([1000, 850, 500], dtype="int32")
    temp = (vals[:, None, :, :] - (1000 - level)[None, :, None, None] * 0.065).astype("float32")
    mixed = ds.assign_coords(level=("level", level, {"units": "hPa"}))
    mixed["temperature"] = (("time", "level", "latitude", "longitude"), temp, {"units": "K"})
    mixed.to_zarr(sys.argv[2], mode="w", consolidated=True,
                  encoding={"t2m": {"chunks": (12, 8, 10)}, "temperature": {"chunks": (12, 1, 8, 10)}})
print("ok")
