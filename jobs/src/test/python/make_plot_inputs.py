"""Small stores for the plot tests (xarray writes them).

usage: make_plot_inputs.py OUT_DIR
era.zarr     (time: 8 six-hourly, level: 850/500, latitude: 40..10, longitude: 100..140) with a field that
             increases northward (NaN over 20-22N 130-133E), temperature, sst (NaN over land) and a
             land_sea_mask: land west of 114.5E and an island around 25N 125E
clim.zarr    (month: 12, latitude, longitude) and an area mean over month
anom.zarr    (time, latitude, longitude), an anomaly: positive north of 20N, negative south
series.zarr  (time: 122 days), an area mean of precipitation in metres
pts.zarr     (time, point: 3)
small_mask.zarr  a land_sea_mask over 30..20N, 110..120E only
"""
import os
import sys

import numpy as np
import pandas as pd
import xarray as xr

out = sys.argv[1]
lat = np.arange(40.0, 9.5, -1.0)
lon = np.arange(100.0, 140.5, 1.0)
LAT, LON = np.meshgrid(lat, lon, indexing="ij")
geo = {"latitude": ("latitude", lat, {"units": "degrees_north"}),
       "longitude": ("longitude", lon, {"units": "degrees_east"})}

time = pd.date_range("2019-06-01", periods=8, freq="6H")
level = np.array([850, 500], dtype="int32")
north = (250 + LAT).astype("float32")
north[(LAT >= 20) & (LAT <= 22) & (LON >= 130) & (LON <= 133)] = np.nan
t_north = np.broadcast_to(north, (len(time), len(level)) + north.shape).copy()
t_north[:, 1] -= 40                                    # 500 hPa colder
t_north += np.arange(len(time), dtype="float32")[:, None, None, None] * 0.1
land = ((LON <= 114) | (np.hypot(LAT - 25, LON - 125) <= 2.5)).astype("float32")
temp = (300 - 0.6 * (LAT - 10) + 2 * np.sin(LON / 5)).astype("float32")
temperature = np.stack([temp, temp - 35])[None].repeat(len(time), 0)
sst = np.where(land > 0.5, np.nan, temp + 2).astype("float32")[None].repeat(len(time), 0)
era = xr.Dataset(
    {"t_north": (("time", "level", "latitude", "longitude"), t_north, {"units": "K", "long_name": "northward test field"}),
     "temperature": (("time", "level", "latitude", "longitude"), temperature, {"units": "K", "long_name": "Temperature"}),
     "sea_surface_temperature": (("time", "latitude", "longitude"), sst, {"units": "K", "long_name": "Sea surface temperature"}),
     "land_sea_mask": (("latitude", "longitude"), land, {"units": "(0 - 1)", "long_name": "Land-sea mask"})},
    coords={"time": time, "level": ("level", level, {"units": "millibars"}), **geo})  # as the CDS writes it: titles say hPa
era["t_north_lonlat"] = era.t_north.transpose("time", "level", "longitude", "latitude")  # the same, stored lon x lat
era.to_zarr(os.path.join(out, "era.zarr"), mode="w", consolidated=True)

month = np.arange(1, 13, dtype="int64")
seasonal = 8 * np.sin(2 * np.pi * (month - 4) / 12)
clim = (temp[None] + seasonal[:, None, None]).astype("float32")
xr.Dataset(
    {"t2m": (("month", "latitude", "longitude"), clim, {"units": "K", "long_name": "2 metre temperature"}),
     "t2m_area": (("month",), (295 + seasonal).astype("float32"),
                  {"units": "K", "long_name": "2 metre temperature", "cell_methods": "latitude: longitude: mean"})},
    coords={"month": month, **geo}).to_zarr(os.path.join(out, "clim.zarr"), mode="w", consolidated=True)

anom = np.broadcast_to(((LAT - 20) / 4).astype("float32"), (3,) + LAT.shape).copy()
xr.Dataset(
    {"t2m": (("time", "latitude", "longitude"), anom,
             {"units": "K", "long_name": "2 metre temperature anomaly from the monthly climatology"})},
    coords={"time": time[:3], **geo}).to_zarr(os.path.join(out, "anom.zarr"), mode="w", consolidated=True)

days = pd.date_range("2019-06-01", "2019-09-30", freq="D")
rng = np.random.default_rng(5)
tp = (0.004 + 0.003 * np.sin(np.arange(len(days)) / 9) + rng.gamma(1, 0.001, len(days))).astype("float32")
tp[40:43] = np.nan                                     # a gap
xr.Dataset(
    {"tp_mean": (("time",), tp, {"units": "m", "long_name": "total precipitation",
                                  "cell_methods": "latitude: longitude: mean (weighted by cos(latitude))"})},
    coords={"time": days}).to_zarr(os.path.join(out, "series.zarr"), mode="w", consolidated=True)

pts = (290 + np.arange(3)[None, :] + np.sin(np.arange(8))[:, None]).astype("float32")
xr.Dataset(
    {"t2m": (("time", "point"), pts, {"units": "K", "long_name": "2 metre temperature"})},
    coords={"time": time, "point": ("point", np.arange(3))}).to_zarr(os.path.join(out, "pts.zarr"), mode="w", consolidated=True)
small = era.land_sea_mask.sel(latitude=slice(30, 20), longitude=slice(110, 120))
xr.Dataset({"land_sea_mask": small}).to_zarr(os.path.join(out, "small_mask.zarr"), mode="w", consolidated=True)
print("ok")
