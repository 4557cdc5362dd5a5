"""Writes a small multi-year ERA5-like dataset with xarray, one store per year, and what
xarray returns for the selection the Spark SQL test runs, so the Java side can compare.

usage: make_multiyear.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import xarray as xr
from numcodecs import Blosc

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
lat = np.arange(40.0, 9.5, -1.0)          # 31 values, descending like ERA5
lon = np.arange(100.0, 140.5, 1.0)        # 41 values
level = np.array([850, 500], dtype="int32")
CH = {"time": 40, "level": 1, "latitude": 8, "longitude": 12}

for year in (2019, 2020, 2021):
    time = pd.date_range(f"{year}-01-01", f"{year}-12-31 18:00", freq="6H")
    nt = len(time)
    t = (280 + 10 * rng.standard_normal((nt, len(level), len(lat), len(lon)))).astype("float32")
    t2m = (290 + 5 * rng.standard_normal((nt, len(lat), len(lon)))).astype("float32")
    t2m[:, 5:7, 3:6] = np.nan                       # missing values
    sst = (300 + rng.standard_normal((nt, len(lat), len(lon)))).astype("float64")
    lsm = (rng.random((len(lat), len(lon))) > 0.5).astype("float32")
    ds = xr.Dataset(
        {
            "temperature": (("time", "level", "latitude", "longitude"), t, {"units": "K", "long_name": "Temperature"}),
            "t2m": (("time", "latitude", "longitude"), t2m, {"units": "K"}),
            "sst": (("time", "latitude", "longitude"), sst, {"units": "K"}),
            "land_sea_mask": (("latitude", "longitude"), lsm, {"units": "1"}),
        },
        coords={"time": time, "level": ("level", level, {"units": "hPa"}),
                "latitude": ("latitude", lat, {"units": "degrees_north"}),
                "longitude": ("longitude", lon, {"units": "degrees_east"})},
        attrs={"title": "Spangeo multi-year test set"},
    )
    enc = {v: {"compressor": Blosc("zstd", 3, shuffle=Blosc.BITSHUFFLE),
               "chunks": tuple(CH[d] for d in ds[v].dims)} for v in ds.data_vars}
    # packed int16 with scale/offset/_FillValue, the way ERA5 NetCDF conversions store it
    enc["sst"].update({"dtype": "int16", "scale_factor": 0.001, "add_offset": 300.0, "_FillValue": -32767})
    enc["time"] = {"units": "hours since 1900-01-01", "calendar": "proleptic_gregorian", "dtype": "int64"}
    ds.to_zarr(f"{out}/era5_{year}.zarr", mode="w", consolidated=True, encoding=enc)

# what xarray gives for the test's selection
ds = xr.open_mfdataset(f"{out}/era5_*.zarr", engine="zarr", combine="by_coords")
sel = ds.sel(latitude=slice(25, 22), longitude=slice(120, 122))
sel = sel.sel(time=sel.time.dt.month.isin([6, 7, 8, 9]))
full = xr.open_mfdataset(f"{out}/era5_*.zarr", engine="zarr", combine="by_coords")

def chunks_touched(var):
    """Stored chunks of `var` that hold a selected cell, counted from index positions."""
    n = 0
    for year in (2019, 2020, 2021):
        one = xr.open_zarr(f"{out}/era5_{year}.zarr")
        months = one.time.dt.month.values
        idx = {
            "time": np.nonzero(np.isin(months, [6, 7, 8, 9]))[0],
            "level": np.arange(len(level)),
            "latitude": np.nonzero((lat <= 25) & (lat >= 22))[0],
            "longitude": np.nonzero((lon >= 120) & (lon <= 122))[0],
        }
        counts = [len(np.unique(idx[d] // CH[d])) for d in one[var].dims]
        n += int(np.prod(counts))
    return n

np.asarray(sel.temperature.values, dtype="<f4").tofile(f"{out}/expected_temperature.bin")
np.asarray(sel.t2m.values, dtype="<f4").tofile(f"{out}/expected_t2m.bin")
np.asarray(sel.sst.values, dtype="<f4").tofile(f"{out}/expected_sst.bin")
manifest = {
    "time": [int(x) for x in sel.time.values.astype("datetime64[us]").astype("int64")],
    "level": [int(x) for x in sel.level.values],
    "latitude": [float(x) for x in sel.latitude.values],
    "longitude": [float(x) for x in sel.longitude.values],
    "sst_dtype": str(sel.sst.dtype),
    "chunks_touched": {v: chunks_touched(v) for v in ("temperature", "t2m", "sst")},
    "full_sizes": {k: int(v) for k, v in full.sizes.items()},
    "t2m_nan_count": int(np.isnan(full.t2m.values).sum()),
    "t2m_sum": float(np.nansum(full.t2m.values.astype("float64"))),
    "sst_sum": float(np.nansum(full.sst.values.astype("float64"))),
}
with open(f"{out}/expected.json", "w") as f:
    json.dump(manifest, f)
print("ok", out)
