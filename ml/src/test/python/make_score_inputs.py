"""Writes the small stores of the score tests with xarray + zarr 2 (Debian's python3).

usage: make_score_inputs.py DIR

DIR/forecast.zarr   convection_probability(time, latitude, longitude) float64, chunks (7, 3, 4),
                    6-hourly 2021-06-20 .. 2021-07-10, latitude descending 24 .. 21, NaNs,
                    one grid cell NaN at every time
DIR/forecast_f32.zarr  the same forecast in float32, chunks (84, 4, 5)
DIR/observed.zarr   ERA5-like: total_precipitation (m/h) and convective_available_potential_energy,
                    6-hourly 2019-06-01 .. 2021-07-31 (June and July only), a wider box (25 .. 20,
                    118.5 .. 123.5), other chunks (17, 4, 5), NaNs, float64
DIR/observed_shifted.zarr  the same with longitudes moved by 0.25 degrees (a grid that differs)
DIR/observed_other.zarr    June-July 2021 of the same, 3-hourly (new values between the 6-hourly
                    steps) and latitude ascending: the forecast's cells are every other time step,
                    in the reverse latitude order
"""
import sys

import numpy as np
import pandas as pd
import xarray as xr

out = sys.argv[1]
rng = np.random.default_rng(7)

olat = np.arange(25.0, 19.99, -0.5)        # descending, as ERA5
olon = np.arange(118.5, 123.51, 0.5)
times = pd.date_range("2019-06-01", "2021-07-31T18:00", freq="6H")
times = times[(times.month == 6) | (times.month == 7)]
shape = (len(times), len(olat), len(olon))

cape = rng.gamma(1.5, 500.0, size=shape)
tp = rng.gamma(0.5, 0.004, size=shape) * (0.4 + cape / 1500.0)
tp[rng.random(shape) < 0.03] = np.nan
cape[rng.random(shape) < 0.02] = np.nan
tp[:, 2, 3] = 0.0                             # a cell that never rains
obs = xr.Dataset(
    {"total_precipitation": (("time", "latitude", "longitude"), tp, {"units": "m"}),
     "convective_available_potential_energy": (("time", "latitude", "longitude"), cape, {"units": "J kg**-1"})},
    coords={"time": times, "latitude": olat, "longitude": olon})
enc = {v: {"chunks": (17, 4, 5)} for v in obs.data_vars}
obs.to_zarr(out + "/observed.zarr", mode="w", encoding=enc, consolidated=True)
shifted = obs.assign_coords(longitude=olon + 0.25)
shifted.to_zarr(out + "/observed_shifted.zarr", mode="w", encoding=enc, consolidated=True)

recent = obs.sel(time=slice("2021-06-01", "2021-07-31"))
t3 = pd.date_range("2021-06-01", "2021-07-31T21:00", freq="3H")
other = recent.reindex(time=t3)
for v in other.data_vars:
    x = other[v].values
    fill = np.isnan(x) & ~np.isin(t3, recent.time.values)[:, None, None]
    x[fill] = rng.gamma(0.5, 0.004 if v == "total_precipitation" else 500.0, size=int(fill.sum()))
    other[v] = (other[v].dims, x, other[v].attrs)
other = other.isel(latitude=slice(None, None, -1))
other.to_zarr(out + "/observed_other.zarr", mode="w", encoding={v: {"chunks": (40, 6, 6)} for v in other.data_vars},
              consolidated=True)

ftimes = pd.date_range("2021-06-20", "2021-07-10T18:00", freq="6H")
flat = np.arange(24.0, 20.99, -0.5)
flon = np.arange(119.0, 123.01, 0.5)
sub = obs.sel(time=ftimes, latitude=flat, longitude=flon)
event = (sub.total_precipitation.values * 1000 > 5).astype(float)
signal = 2.5 * (event - 0.3) + rng.normal(0, 1.2, size=event.shape) + sub.convective_available_potential_energy.fillna(0).values / 2000
prob = 1 / (1 + np.exp(-signal))
prob[rng.random(prob.shape) < 0.04] = np.nan
prob[:, 1, 1] = np.nan                       # a cell with no forecast at all
prob[3, :, :] = np.nan                       # a time step with no forecast at all
fc = xr.Dataset({"convection_probability": (("time", "latitude", "longitude"), prob)},
                coords={"time": ftimes, "latitude": flat, "longitude": flon})
fc.to_zarr(out + "/forecast.zarr", mode="w", encoding={"convection_probability": {"chunks": (7, 3, 4)}},
           consolidated=True)
# the same forecast as float32, as a model writes it (one chunk along time)
fc.astype("float32").to_zarr(out + "/forecast_f32.zarr", mode="w",
                             encoding={"convection_probability": {"chunks": (84, 4, 5)}}, consolidated=True)
print("ok", len(times), len(ftimes))
