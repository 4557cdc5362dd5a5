#!/usr/bin/python3
"""Writes the mixed-store benchmark's store: variables with and without a level dim, in Zarr v2.

    /usr/bin/python3 make_mixed_store.py OUT [DAYS]

Over the course's ERA5 box (10-40N, 100-140E at 0.25 degrees: 121 x 161, latitude descending),
hourly from 2019-01-01 for DAYS days (default 30): temperature(time, level, latitude, longitude)
on 5 pressure levels (1000, 925, 850, 700, 500 hPa) and total_precipitation(time, latitude,
longitude), both one day per chunk (24 x [1 x] 121 x 161, 1.87 MB), Blosc(zstd, 3, bitshuffle),
consolidated: the layout of an ERA5 download with pressure-level and single-level fields. With
the default 30 days: 150 temperature chunks and 30 precipitation chunks, 336 MB decoded.
An existing complete store is reused.
"""
import sys
import time

import numpy as np
import pandas as pd
import zarr

from era5_box import NLAT, NLON, box, complete, skeleton, usage

CH = 24
LEVELS = np.array([1000, 925, 850, 700, 500], dtype="int32")


def main(argv):
    if (code := usage(argv, __doc__)) is not None:
        return code
    out = argv[1]
    days = int(argv[2]) if len(argv) > 2 else 30
    times = pd.date_range("2019-01-01", periods=days * 24, freq="H")
    nt = len(times)
    if complete(out, {"temperature": (nt, len(LEVELS), NLAT, NLON), "total_precipitation": (nt, NLAT, NLON)}):
        print(f"reused {out}")
        return 0
    t0 = time.time()
    lat, lon = box()
    arrays = skeleton(out, times, lat, lon, {
        "temperature": (("time", "level", "latitude", "longitude"), (CH, 1, NLAT, NLON), {"units": "K"}),
        "total_precipitation": (("time", "latitude", "longitude"), (CH, NLAT, NLON), {"units": "m"})},
        "hours since 2019-01-01", coords={"level": ("level", LEVELS, {"units": "hPa"})})
    t, tp = arrays["temperature"], arrays["total_precipitation"]
    rng = np.random.default_rng(11)
    base = (300.0 - 0.6 * (lat[:, None] - 10.0)).astype(np.float32)
    for c in range(0, nt, CH):
        n = min(CH, nt - c)
        h = np.arange(c, c + n)[:, None, None]
        for k, level in enumerate(LEVELS):
            f = base - (1000 - level) * 0.065 + 3.0 * np.sin(2 * np.pi * h / 24.0) + rng.standard_normal((n, NLAT, NLON)) * 0.8
            t[c:c + n, k] = (np.round(f * 64.0) / 64.0).astype(np.float32)
        rain = np.maximum(0.0, rng.standard_normal((n, NLAT, NLON)) - 1.0) * 0.002
        tp[c:c + n] = (np.round(rain * 1e5) / 1e5).astype(np.float32)
    zarr.consolidate_metadata(out)
    print(f"wrote {out}: temperature{(nt, len(LEVELS), NLAT, NLON)} and total_precipitation{(nt, NLAT, NLON)} float32,"
          f" {nt * NLAT * NLON * 4 * (len(LEVELS) + 1) / 1e6:.0f} MB decoded, {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
