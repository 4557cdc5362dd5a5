#!/usr/bin/python3
"""Writes the many-small-chunk benchmark stores with xarray (issue #14's archive layout).

    /usr/bin/python3 make_small_stores.py OUT_DIR [YEARS]

OUT_DIR/era5_t2m_YYYY.zarr, one store a year from 2015 (default 8 years): ERA5-like 2 m
temperature t2m(time, latitude, longitude) float32, hourly, on a 0.5 degree grid of 64 x 96 cells
(41.5-10N, 100-147.5E, latitude descending as in ERA5), chunked 24 x 32 x 32 (96 KiB decoded, 6
chunks a day), Blosc(zstd, 3, bitshuffle), consolidated, written by xarray's to_zarr: the layout of
the course's rechunked stores and of WeatherBench2-like archives. 8 years: 17,532 chunks, 1.72 GB
decoded. Values: a latitude profile, seasonal and diurnal cycles, travelling waves and noise,
quantised like GRIB packing.

Also writes, once:
  OUT_DIR/one_chunk.zarr     the same variable, one chunk (24 x 32 x 32), for start-up figures;
  OUT_DIR/million_chunks.zarr  metadata only: t2m on the global 0.25 degree grid (721 x 1440),
                             hourly, chunked 24 x 32 x 32: 1,000,845 chunks, none written (they
                             read as the fill value), for the planning time.
Existing complete stores are reused.
"""
import os
import shutil
import sys
import time

import numpy as np
import pandas as pd
import xarray as xr
import zarr

from era5_box import blosc, complete, usage

NLAT, NLON, CT, CS = 64, 96, 24, 32
FIRST_YEAR = 2015


def field(hours, lat, lon, rng):
    """Hours since 2015-01-01 (n,) -> (n, lat, lon) float32, quantised to 1/64 K."""
    latr = np.deg2rad(lat)[:, None]
    lonr = np.deg2rad(lon)[None, :]
    base = (300.0 - 0.6 * (lat[:, None] - 10.0)).astype(np.float32)
    h = hours[:, None, None].astype(np.float64)
    season = 8.0 * np.sin(2 * np.pi * (h / 8766.0 - 0.3))
    diurnal = 4.0 * np.cos(2 * np.pi * ((h % 24) / 24.0) + lonr)
    waves = 3.0 * np.sin(4 * lonr - 0.02 * h + 3 * latr)
    f = base + season + diurnal + waves + rng.standard_normal((len(hours), len(lat), len(lon))) * 0.8
    return (np.round(f * 64.0) / 64.0).astype(np.float32)


def grid():
    return np.linspace(41.5, 10.0, NLAT), np.linspace(100.0, 147.5, NLON)


def write_year(out, year, lat, lon):
    times = pd.date_range(f"{year}-01-01", f"{year}-12-31T23:00", freq="H")
    if os.path.exists(out):
        if complete(out, {"t2m": (len(times), NLAT, NLON)}):
            return False
        shutil.rmtree(out)
    hours = ((times - pd.Timestamp(f"{FIRST_YEAR}-01-01")) / pd.Timedelta(hours=1)).values.astype(np.int64)
    values = field(hours, lat, lon, np.random.default_rng(year))
    ds = xr.Dataset(
        {"t2m": (("time", "latitude", "longitude"), values, {"units": "K", "long_name": "2 metre temperature"})},
        coords={"time": times,
                "latitude": ("latitude", lat, {"units": "degrees_north"}),
                "longitude": ("longitude", lon, {"units": "degrees_east"})})
    enc = {"t2m": {"compressor": blosc(), "chunks": (CT, CS, CS)},
           "time": {"units": "hours since 1900-01-01", "dtype": "int64"}}
    ds.to_zarr(out, mode="w", consolidated=True, encoding=enc)
    return True


def write_one_chunk(out, lat, lon):
    if os.path.exists(out):
        if complete(out, {"t2m": (CT, CS, CS)}):
            return
        shutil.rmtree(out)
    times = pd.date_range("2015-01-01", periods=CT, freq="H")
    values = field(np.arange(CT), lat[:CS], lon[:CS], np.random.default_rng(1))
    ds = xr.Dataset({"t2m": (("time", "latitude", "longitude"), values, {"units": "K"})},
                    coords={"time": times, "latitude": lat[:CS], "longitude": lon[:CS]})
    ds.to_zarr(out, mode="w", consolidated=True,
               encoding={"t2m": {"compressor": blosc(), "chunks": (CT, CS, CS)}})


def write_million(out):
    nt, nlat, nlon = 967 * CT, 721, 1440
    if os.path.exists(out):
        try:
            if zarr.open_consolidated(out, mode="r")["t2m"].shape == (nt, nlat, nlon):
                return
        except Exception:  # noqa: BLE001
            pass
        shutil.rmtree(out)
    times = pd.date_range("2015-01-01", periods=nt, freq="H")
    lat = np.linspace(90.0, -90.0, nlat)
    lon = np.linspace(0.0, 359.75, nlon)
    # coordinates through xarray; the data variable's metadata only (no chunk is written)
    xr.Dataset(coords={"time": times, "latitude": ("latitude", lat, {"units": "degrees_north"}),
                       "longitude": ("longitude", lon, {"units": "degrees_east"})}).to_zarr(out, mode="w")
    a = zarr.open_group(out, mode="r+").create_dataset("t2m", shape=(nt, nlat, nlon), chunks=(CT, CS, CS),
                                                          dtype="<f4", fill_value=np.nan, compressor=blosc())
    a.attrs.update({"_ARRAY_DIMENSIONS": ["time", "latitude", "longitude"], "units": "K"})
    zarr.consolidate_metadata(out)


def main(argv):
    if (code := usage(argv, __doc__)) is not None:
        return code
    out = argv[1]
    years = int(argv[2]) if len(argv) > 2 else 8
    os.makedirs(out, exist_ok=True)
    lat, lon = grid()
    t0 = time.time()
    wrote = 0
    for y in range(FIRST_YEAR, FIRST_YEAR + years):
        wrote += write_year(os.path.join(out, f"era5_t2m_{y}.zarr"), y, lat, lon)
    write_one_chunk(os.path.join(out, "one_chunk.zarr"), lat, lon)
    write_million(os.path.join(out, "million_chunks.zarr"))
    print(f"{'wrote' if wrote else 'reused'} {years} yearly stores in {out} ({wrote} new, {time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
