"""What the benchmark store generators share: the command line, reuse of a complete store, and the
course's ERA5 box with its skeleton, written by xarray (coordinates, CF time, the data variables'
metadata) before the generators write the chunks with zarr, one numpy block at a time.
"""
import os
import shutil

import dask.array
import numcodecs
import numpy as np
import xarray as xr
import zarr

# 10-40N, 100-140E at 0.25 degrees, latitude descending as in ERA5
NLAT, NLON = 121, 161


def blosc():
    return numcodecs.Blosc("zstd", 3, shuffle=numcodecs.Blosc.BITSHUFFLE)


def usage(argv, doc):
    """None when an output is named; else prints the help and gives the exit code (0 for -h)."""
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(doc)
        return 0 if len(argv) >= 2 else 2
    return None


def complete(path, shapes):
    """Whether the store holds every {name: shape} array with all its chunks written."""
    try:
        g = zarr.open_consolidated(path, mode="r")
        return all(g[n].shape == s and g[n].nchunks_initialized == g[n].nchunks for n, s in shapes.items())
    except Exception:  # noqa: BLE001 - anything unreadable is regenerated
        return False


def box():
    """Latitudes and longitudes of the box."""
    return np.linspace(40.0, 10.0, NLAT), np.linspace(100.0, 140.0, NLON)


def skeleton(path, times, lat, lon, variables, time_units, coords=None):
    """Writes the metadata of float32 {name: (dims, chunks, attrs)} over time, the extra coords,
    latitude and longitude (replacing what is at path); gives {name: zarr array} to fill."""
    ds = xr.Dataset(coords={"time": times, **(coords or {}),
                            "latitude": ("latitude", lat, {"units": "degrees_north"}),
                            "longitude": ("longitude", lon, {"units": "degrees_east"})})
    enc = {"time": {"units": time_units, "dtype": "int64"}}
    for name, (dims, chunks, attrs) in variables.items():
        shape = tuple(ds.sizes[d] for d in dims)
        ds[name] = (dims, dask.array.zeros(shape, dtype="float32", chunks=chunks), attrs)
        enc[name] = {"compressor": blosc(), "chunks": chunks}
    if os.path.exists(path):
        shutil.rmtree(path)
    ds.to_zarr(path, mode="w", consolidated=True, encoding=enc, compute=False)
    return {name: zarr.open(path + "/" + name, mode="r+") for name in variables}
