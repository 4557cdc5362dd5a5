#!/usr/bin/python3
"""The Python peer of the scan benchmark: the same full scan with xarray + dask.

    /usr/bin/python3 xarray_scan.py STORE VARIABLE RUNS WORKERS

Times xr.open_zarr(STORE)[VARIABLE].sum().compute() on dask's threaded scheduler with WORKERS
threads (one dask task per Zarr chunk, decoded by numcodecs' Blosc, which does not start threads
of its own inside dask's workers): one warm-up run, then RUNS timed runs. The last line of the
output is JSON: {"seconds": [...], "decoded_bytes": N, "result": S, "versions": {...}}.
"""
import json
import sys
import time

import dask
import numcodecs
import xarray as xr
import zarr


def main(argv):
    if len(argv) != 5:
        print(__doc__)
        return 2
    store, var, runs, workers = argv[1], argv[2], int(argv[3]), int(argv[4])
    secs = []
    result = None
    nbytes = 0
    with dask.config.set(scheduler="threads", num_workers=workers):
        for i in range(runs + 1):
            t0 = time.perf_counter()
            ds = xr.open_zarr(store)
            v = ds[var]
            result = float(v.sum().compute())
            dt = time.perf_counter() - t0
            nbytes = v.nbytes
            if i > 0:
                secs.append(dt)
            print(f"xarray+dask run {i}{' (warm-up)' if i == 0 else ''}: {dt:.3f} s", file=sys.stderr)
    print(json.dumps({"seconds": secs, "decoded_bytes": int(nbytes), "result": result,
                      "versions": {"xarray": xr.__version__, "zarr": zarr.__version__,
                                   "numcodecs": numcodecs.__version__, "dask": dask.__version__}}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
