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
import sys
import time

import numpy as np
import pandas as pd
import zarr

from era5_box import NLAT, NLON, box, complete, skeleton, usage

CH = 24


def main(argv):
    if (code := usage(argv, __doc__)) is not None:
        return code
    out = argv[1]
    years = int(argv[2]) if len(argv) > 2 else 3
    times = pd.date_range("2019-01-01", periods=years * 8760, freq="H")
    nt = len(times)
    if complete(out, {"t2m": (nt, NLAT, NLON)}):
        print(f"reused {out}")
        return 0
    t0 = time.time()
    lat, lon = box()
    arr = skeleton(out, times, lat, lon, {"t2m": (("time", "latitude", "longitude"), (CH, NLAT, NLON),
                                                  {"units": "K", "long_name": "2 metre temperature"})},
                   "hours since 2019-01-01")["t2m"]
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
