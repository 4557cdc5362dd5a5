#!/usr/bin/python3
"""The Python peer of the stage benchmark: the same climatology and anomaly with xarray + dask.

    /usr/bin/python3 xarray_stages.py STORE OUT_DIR RUNS WORKERS

Prints lines "climatology SECONDS CPU_SECONDS" and "anomaly SECONDS CPU_SECONDS" (one per timed
run; CPU of this process, all threads). Each run reads
STORE, computes, and writes a Zarr store as spangeo does (consolidated, Blosc zstd 3 bitshuffle),
with dask's threaded scheduler on WORKERS threads.
"""
import shutil
import sys
import time

import dask
import numcodecs
import xarray as xr


def main(argv):
    store, out, runs, workers = argv[1], argv[2], int(argv[3]), int(argv[4])
    dask.config.set(scheduler="threads", num_workers=workers)
    enc = {"t2m": {"compressor": numcodecs.Blosc("zstd", 3, shuffle=numcodecs.Blosc.BITSHUFFLE)}}
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        ds = xr.open_zarr(store)
        clim = ds[["t2m"]].groupby("time.month").mean("time")
        shutil.rmtree(out + "/clim.zarr", ignore_errors=True)
        clim.to_zarr(out + "/clim.zarr", mode="w", consolidated=True, encoding=enc)
        print("climatology", time.perf_counter() - t0, time.process_time() - c0, flush=True)

        t0, c0 = time.perf_counter(), time.process_time()
        ds = xr.open_zarr(store)
        clim = xr.open_zarr(out + "/clim.zarr")
        anom = ds[["t2m"]].groupby("time.month") - clim
        shutil.rmtree(out + "/anom.zarr", ignore_errors=True)
        anom.to_zarr(out + "/anom.zarr", mode="w", consolidated=True, encoding=enc)
        print("anomaly", time.perf_counter() - t0, time.process_time() - c0, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
