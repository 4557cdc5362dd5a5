#!/usr/bin/python3
"""Writes the score benchmark's stores: a forecast and an observed store on the course's ERA5 box.

    /usr/bin/python3 make_score_store.py DIR [DAYS]

DIR/forecast.zarr  convection_probability(time, latitude, longitude) float32, chunks (48, 121, 161)
DIR/observed.zarr  total_precipitation (m/h) float32, chunks (24, 121, 161): ERA5's one day per chunk
10-40N, 100-140E at 0.25 degrees (121 x 161, latitude descending), hourly from 2021-01-01 for DAYS
days (default 365: 8760 steps, 170.6 million cells, 0.68 GB decoded per variable), Blosc(zstd, 3,
bitshuffle), consolidated. About 1% of each field is NaN. The two stores are chunked differently on
purpose (each forecast box reads two observed chunks). Existing complete stores are reused.
"""
import os
import shutil
import sys
import time

import dask.array
import numcodecs
import numpy as np
import pandas as pd
import xarray as xr
import zarr

NLAT, NLON = 121, 161


def complete(path, name, shape):
    try:
        a = zarr.open_consolidated(path, mode="r")[name]
        return a.shape == shape and a.nchunks_initialized == a.nchunks
    except Exception:  # noqa: BLE001 - anything unreadable is regenerated
        return False


def skeleton(path, name, times, lat, lon, chunk, attrs):
    nt = len(times)
    ds = xr.Dataset(coords={"time": times, "latitude": ("latitude", lat, {"units": "degrees_north"}),
                            "longitude": ("longitude", lon, {"units": "degrees_east"})})
    ds[name] = (("time", "latitude", "longitude"),
                dask.array.zeros((nt, NLAT, NLON), dtype="float32", chunks=(chunk, NLAT, NLON)), attrs)
    enc = {name: {"compressor": numcodecs.Blosc("zstd", 3, shuffle=numcodecs.Blosc.BITSHUFFLE), "chunks": (chunk, NLAT, NLON)},
           "time": {"units": "hours since 2021-01-01", "dtype": "int64"}}
    if os.path.exists(path):
        shutil.rmtree(path)
    ds.to_zarr(path, mode="w", consolidated=True, encoding=enc, compute=False)
    return zarr.open(path + "/" + name, mode="r+")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    out = argv[1]
    days = int(argv[2]) if len(argv) > 2 else 365
    times = pd.date_range("2021-01-01", periods=days * 24, freq="H")
    nt = len(times)
    fpath, opath = out + "/forecast.zarr", out + "/observed.zarr"
    if complete(fpath, "convection_probability", (nt, NLAT, NLON)) and complete(opath, "total_precipitation", (nt, NLAT, NLON)):
        print(f"reused {out}")
        return 0
    t0 = time.time()
    lat = np.linspace(40.0, 10.0, NLAT)
    lon = np.linspace(100.0, 140.0, NLON)
    fc = skeleton(fpath, "convection_probability", times, lat, lon, 48, {"units": "1"})
    ob = skeleton(opath, "total_precipitation", times, lat, lon, 24, {"units": "m"})
    rng = np.random.default_rng(11)
    latr = np.deg2rad(lat)[:, None]
    lonr = np.deg2rad(lon)[None, :]
    for c in range(0, nt, 48):
        n = min(48, nt - c)
        h = np.arange(c, c + n)[:, None, None]
        # a moist, convective pattern moving east; rain where it is strong, plus noise
        pattern = np.sin(3 * lonr - 0.05 * h + 2 * latr) + 0.5 * np.cos(2 * np.pi * (h % 24) / 24.0 + lonr)
        tp = np.maximum(0.0, rng.gamma(0.6, 0.003, (n, NLAT, NLON)) * (1.2 + pattern))
        prob = 1 / (1 + np.exp(-(2.0 * pattern + rng.normal(0, 1.0, (n, NLAT, NLON)) - 0.8)))
        tp[rng.random(tp.shape) < 0.01] = np.nan
        prob[rng.random(prob.shape) < 0.01] = np.nan
        ob[c:c + n] = tp.astype(np.float32)
        fc[c:c + n] = prob.astype(np.float32)
    zarr.consolidate_metadata(fpath)
    zarr.consolidate_metadata(opath)
    print(f"wrote {out}: 2 x {(nt, NLAT, NLON)} float32, {nt * NLAT * NLON / 1e6:.1f} M cells each, {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
