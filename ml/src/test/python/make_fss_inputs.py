"""Writes a random forecast/observation pair of a size the Java side does not choose, for the FSS tests.

usage: make_fss_inputs.py DIR SEED

DIR/fss_forecast.zarr  convection_probability(time, latitude, longitude) float32 in [0, 1], NaNs,
                       blobs of high probability near the observed rain (displaced), chunks that cut
                       latitude and longitude
DIR/fss_observed.zarr  total_precipitation (m/h) and convective_available_potential_energy, the
                       forecast's grid plus a training year before it, other chunks
Prints the size it drew: "ok NT NY NX".
"""
import sys

import numpy as np
import pandas as pd
import xarray as xr
from scipy.ndimage import gaussian_filter, shift

out, seed = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(seed)
ny, nx = int(rng.integers(7, 40)), int(rng.integers(5, 60))
lat = 30.0 - 0.5 * np.arange(ny)
lon = 110.0 + 0.5 * np.arange(nx)
times = pd.date_range("2020-06-01", periods=60, freq="1D")
ftimes = pd.date_range("2021-06-01", periods=int(rng.integers(5, 25)), freq="1D")
all_t = times.append(ftimes)
shape = (len(all_t), ny, nx)
field = np.stack([gaussian_filter(rng.normal(size=(ny, nx)), 2.0) for _ in range(len(all_t))])
tp = np.clip(field, 0, None) * 0.02
cape = 1500 + 2000 * field + rng.normal(0, 200, size=shape)
tp[rng.random(shape) < 0.02] = np.nan
cape[rng.random(shape) < 0.01] = np.nan
obs = xr.Dataset(
    {"total_precipitation": (("time", "latitude", "longitude"), tp),
     "convective_available_potential_energy": (("time", "latitude", "longitude"), cape)},
    coords={"time": all_t, "latitude": lat, "longitude": lon})
obs.to_zarr(out + "/fss_observed.zarr", mode="w", encoding={v: {"chunks": (9, 5, 7)} for v in obs.data_vars},
            consolidated=True)
fsub = field[len(times):]
moved = np.stack([shift(f, (int(rng.integers(-2, 3)), int(rng.integers(-2, 3))), order=0, mode="nearest") for f in fsub])
prob = 1 / (1 + np.exp(-(8 * (moved - 0.25) + rng.normal(0, 0.7, size=moved.shape))))
prob[rng.random(prob.shape) < 0.03] = np.nan
fc = xr.Dataset({"convection_probability": (("time", "latitude", "longitude"), prob.astype("float32"))},
                coords={"time": ftimes, "latitude": lat, "longitude": lon})
fc.to_zarr(out + "/fss_forecast.zarr", mode="w", encoding={"convection_probability": {"chunks": (4, 6, 11)}},
           consolidated=True)
print("ok", len(ftimes), ny, nx)
