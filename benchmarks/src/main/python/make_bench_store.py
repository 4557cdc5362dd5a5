#!/usr/bin/python3
"""Writes the scan-throughput benchmark's store: an ERA5-like float32 variable in Zarr v2.

    /usr/bin/python3 make_bench_store.py OUT [SIZE_MB]

OUT        the store to write (a folder, e.g. target/bench-data/era5_t2m_1024mb.zarr)
SIZE_MB    decoded size of the variable in MiB (default 1024); rounded to whole time steps

The variable is t2m(time, latitude, longitude) on ERA5's 0.25 degree grid (721 x 1440), hourly
from 2020-01-01, chunked one time step per chunk (721 x 1440 x 4 B = 3.96 MiB decoded, as the
ARCO-ERA5 stores are), compressed with Blosc(cname='zstd', clevel=3, shuffle=BITSHUFFLE) and
consolidated. Values are a smooth temperature field (latitude profile + travelling waves + a
diurnal cycle) plus noise, quantised to 1/128 K the way GRIB packing quantises ERA5, so the
chunks compress about as well as real reanalysis data (not like pure noise, not like zeros).

An existing complete store of the same size is kept (the script prints "reused"); delete it to
regenerate. Writing is done with xarray + dask (threaded, one task per chunk) with zarr 2.
"""
import os
import shutil
import sys
import time

import dask
import dask.array as da
import numpy as np
import pandas as pd
import xarray as xr

from era5_box import blosc, complete, usage

NLAT, NLON = 721, 1440
STEP_BYTES = NLAT * NLON * 4


def block(t0, nt):
    """Time steps [t0, t0 + nt) of the field, float32, deterministic per time step."""
    lat = np.linspace(90.0, -90.0, NLAT, dtype=np.float32)[:, None]
    lon = np.linspace(0.0, 359.75, NLON, dtype=np.float32)[None, :]
    latr = np.deg2rad(lat)
    lonr = np.deg2rad(lon)
    base = (273.15 + 30.0 * np.cos(latr) ** 2 - 20.0 * np.sin(latr) ** 4).astype(np.float32)
    out = np.empty((nt, NLAT, NLON), dtype=np.float32)
    for k in range(nt):
        t = t0 + k
        rng = np.random.default_rng(1000 + t)
        hour = (t % 24) / 24.0
        waves = (4.0 * np.sin(3 * lonr - 0.05 * t) * np.cos(2 * latr)
                 + 2.5 * np.sin(7 * lonr + 5 * latr + 0.11 * t)
                 + 1.5 * np.cos(12 * lonr - 9 * latr - 0.3 * t))
        diurnal = 5.0 * np.cos(latr) * np.cos(lonr + 2 * np.pi * hour)
        noise = rng.standard_normal((NLAT, NLON), dtype=np.float32) * np.float32(0.6)
        f = base + waves.astype(np.float32) + diurnal.astype(np.float32) + noise
        out[k] = np.round(f * 128.0) / 128.0  # GRIB-like quantisation
    return out


def main(argv):
    if (code := usage(argv, __doc__)) is not None:
        return code
    out = argv[1]
    size_mb = float(argv[2]) if len(argv) > 2 else 1024.0
    nt = max(1, int(round(size_mb * 2**20 / STEP_BYTES)))
    if complete(out, {"t2m": (nt, NLAT, NLON)}):
        print(f"reused {out}: t2m{(nt, NLAT, NLON)} float32, {nt * STEP_BYTES / 2**20:.0f} MiB decoded")
        return 0
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)

    t0 = time.time()
    data = da.map_blocks(
        lambda b, block_info=None: block(block_info[None]["array-location"][0][0], b.shape[0]),
        da.empty((nt, NLAT, NLON), chunks=(1, NLAT, NLON), dtype=np.float32),
        dtype=np.float32,
    )
    times = pd.date_range("2020-01-01", periods=nt, freq="h")
    ds = xr.Dataset(
        {"t2m": (("time", "latitude", "longitude"), data,
                 {"units": "K", "long_name": "2 metre temperature", "standard_name": "air_temperature"})},
        coords={
            "time": ("time", times),
            "latitude": ("latitude", np.linspace(90.0, -90.0, NLAT, dtype=np.float32),
                         {"units": "degrees_north", "long_name": "latitude"}),
            "longitude": ("longitude", np.linspace(0.0, 359.75, NLON, dtype=np.float32),
                          {"units": "degrees_east", "long_name": "longitude"}),
        },
        attrs={"title": "Spangeo scan benchmark: ERA5-like t2m", "Conventions": "CF-1.6"},
    )
    compressor = blosc()
    encoding = {
        "t2m": {"compressor": compressor, "chunks": (1, NLAT, NLON)},
        "time": {"units": "hours since 1900-01-01 00:00:00", "calendar": "proleptic_gregorian", "dtype": "int64"},
    }
    tmp = out + ".partial"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    with dask.config.set(scheduler="threads", num_workers=os.cpu_count() or 2):
        ds.to_zarr(tmp, mode="w", consolidated=True, encoding=encoding)
    os.rename(tmp, out)
    stored = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(out, "t2m")) for f in fs)
    print(f"wrote {out}: t2m{(nt, NLAT, NLON)} float32, {nt * STEP_BYTES / 2**20:.0f} MiB decoded, "
          f"{stored / 2**20:.0f} MiB stored (ratio {nt * STEP_BYTES / stored:.2f}), {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
