#!/usr/bin/python3
"""The Python peer of the many-small-chunk benchmark, one step per process as a user runs it.

    /usr/bin/python3 xarray_mf.py inspect 'DIR/era5_t2m_*.zarr'
    /usr/bin/python3 xarray_mf.py climatology 'DIR/era5_t2m_*.zarr' OUT.zarr WORKERS
    /usr/bin/python3 xarray_mf.py anomaly 'DIR/era5_t2m_*.zarr' CLIM.zarr OUT.zarr WORKERS

inspect: print(xr.open_mfdataset(...)); climatology: open_mfdataset(...).groupby("time.month")
.mean("time").to_zarr(OUT); anomaly: (ds.groupby("time.month") - clim).to_zarr(OUT); dask's
threaded scheduler on WORKERS threads, the output written as spangeo writes it (consolidated,
Blosc zstd 3 bitshuffle). Timed from outside, imports included.
"""
import shutil
import sys

import dask
import numcodecs
import xarray as xr


def main(argv):
    step, pattern = argv[1], argv[2]
    if step == "inspect":
        print(xr.open_mfdataset(pattern, engine="zarr"))
        return 0
    workers = int(argv[-1])
    dask.config.set(scheduler="threads", num_workers=workers)
    enc = {"t2m": {"compressor": numcodecs.Blosc("zstd", 3, shuffle=numcodecs.Blosc.BITSHUFFLE)}}
    ds = xr.open_mfdataset(pattern, engine="zarr")
    if step == "climatology":
        out = argv[3]
        result = ds[["t2m"]].groupby("time.month").mean("time")
    elif step == "anomaly":
        clim, out = xr.open_zarr(argv[3]), argv[4]
        result = ds[["t2m"]].groupby("time.month") - clim
    else:
        raise SystemExit(f"unknown step {step}")
    shutil.rmtree(out, ignore_errors=True)
    result.to_zarr(out, mode="w", consolidated=True, encoding=enc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
