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
import sys
import time

import numpy as np
import pandas as pd
import zarr

from era5_box import NLAT, NLON, box, complete, skeleton, usage


def store(path, name, times, lat, lon, chunk, attrs):
    return skeleton(path, times, lat, lon, {name: (("time", "latitude", "longitude"), (chunk, NLAT, NLON), attrs)},
                    "hours since 2021-01-01")[name]


def main(argv):
    if (code := usage(argv, __doc__)) is not None:
        return code
    out = argv[1]
    days = int(argv[2]) if len(argv) > 2 else 365
    times = pd.date_range("2021-01-01", periods=days * 24, freq="H")
    nt = len(times)
    fpath, opath = out + "/forecast.zarr", out + "/observed.zarr"
    if complete(fpath, {"convection_probability": (nt, NLAT, NLON)}) and complete(opath, {"total_precipitation": (nt, NLAT, NLON)}):
        print(f"reused {out}")
        return 0
    t0 = time.time()
    lat, lon = box()
    fc = store(fpath, "convection_probability", times, lat, lon, 48, {"units": "1"})
    ob = store(opath, "total_precipitation", times, lat, lon, 24, {"units": "m"})
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
