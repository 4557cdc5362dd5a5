#!/usr/bin/python3
"""Writes the stage benchmark's store: the course's ERA5 box, hourly, in Zarr v2.

    /usr/bin/python3 make_stage_store.py OUT [YEARS]

t2m(time, latitude, longitude) float32 over 10-40N, 100-140E at 0.25 degrees (121 x 161, latitude
descending as in ERA5), hourly from 2019-01-01 for YEARS years (default 3: 26280 steps, 2.0 GB
decoded), chunked one day per chunk (24 x 121 x 161, 1.87 MB), Blosc(zstd, 3, bitshuffle),
consolidated: the layout of the course's era5_YYYY_10N40N_100E140E.zarr stores. Values: a latitude
profile, seasonal and diurnal cycles, travelling waves and noise, quantised like GRIB packing.
Chunks are written with zarr directly (numpy per chunk), so 3 years take about a minute.
An existing complete store is reused.
"""
import os
import shutil
import sys
import time

import numcodecs
import numpy as np
import pandas as pd
import xarray as xr
import zarr

NLAT, NLON, CH = 121, 161, 24


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    out = argv[1]
    years = int(argv[2]) if len(argv) > 2 else 3
    times = pd.date_range("2019-01-01", periods=years * 8760, freq="H")
    nt = len(times)
    if os.path.exists(out):
        try:
            g = zarr.open_consolidated(out, mode="r")
            if g["t2m"].shape == (nt, NLAT, NLON) and g["t2m"].nchunks_initialized == g["t2m"].nchunks:
                print(f"reused {out}")
                return 0
        except Exception:  # noqa: BLE001 - anything unreadable is regenerated
            pass
        shutil.rmtree(out)
    t0 = time.time()
    lat = np.linspace(40.0, 10.0, NLAT)
    lon = np.linspace(100.0, 140.0, NLON)
    skeleton = xr.Dataset(
        {"t2m": (("time", "latitude", "longitude"), np.zeros((0, NLAT, NLON), "float32"),
                 {"units": "K", "long_name": "2 metre temperature"})},
        coords={"latitude": ("latitude", lat, {"units": "degrees_north"}),
                "longitude": ("longitude", lon, {"units": "degrees_east"})})
    # metadata through xarray (coordinates, CF time), data chunk by chunk with zarr
    ds = xr.Dataset(coords={"time": times, "latitude": skeleton.latitude, "longitude": skeleton.longitude})
    ds["t2m"] = (("time", "latitude", "longitude"),
                 __import__("dask.array", fromlist=["zeros"]).zeros((nt, NLAT, NLON), dtype="float32", chunks=(CH, NLAT, NLON)),
                 skeleton.t2m.attrs)
    enc = {"t2m": {"compressor": numcodecs.Blosc("zstd", 3, shuffle=numcodecs.Blosc.BITSHUFFLE), "chunks": (CH, NLAT, NLON)},
           "time": {"units": "hours since 2019-01-01", "dtype": "int64"}}
    ds.to_zarr(out, mode="w", consolidated=True, encoding=enc, compute=False)
    arr = zarr.open(out + "/t2m", mode="r+")
    latr = np.deg2rad(lat)[:, None]
    lonr = np.deg2rad(lon)[None, :]
    base = (300.0 - 0.6 * (lat[:, None] - 10.0)).astype(np.float32)
    rng = np.random.default_rng(5)
    for c in range(0, nt, CH):
        n = min(CH, nt - c)
        h = np.arange(c, c + n)[:, None, None]
        season = 8.0 * np.sin(2 * np.pi * (h / 8760.0 - 0.3))
        diurnal = 4.0 * np.cos(2 * np.pi * ((h % 24) / 24.0) + lonr)
        waves = 3.0 * np.sin(4 * lonr - 0.02 * h + 3 * latr)
        f = base + season + diurnal + waves + rng.standard_normal((n, NLAT, NLON)) * 0.8
        arr[c:c + n] = (np.round(f * 64.0) / 64.0).astype(np.float32)
    zarr.consolidate_metadata(out)
    print(f"wrote {out}: t2m{(nt, NLAT, NLON)} float32, {nt * NLAT * NLON * 4 / 1e9:.2f} GB decoded, {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
