"""What Python's netCDF4 library reads from NetCDF files: the reference for the Java readers.

usage: netcdf_expect.py OUTDIR FILE...

For each FILE writes OUTDIR/<file name>/manifest.json (dimensions, global attributes,
variables with their dimensions, shapes, types and attributes) and one little-endian raw file
per numeric variable holding every value as stored (no masking, no scaling). Numeric attribute
values are written as the hex of their little-endian bytes, so comparisons are bit for bit.
"""
import json
import os
import sys

import netCDF4
import numpy as np


def attr(value):
    if isinstance(value, str):
        return {"type": "str", "value": value}
    if isinstance(value, bytes):
        return {"type": "str", "value": value.decode("utf-8", "replace")}
    if isinstance(value, (list, tuple)):
        return {"type": "strs", "value": [str(v) for v in value]}
    a = np.asarray(value)
    if a.dtype.kind in "US":
        vals = [str(v) for v in a.reshape(-1)]
        return {"type": "strs", "value": vals}
    scalar = a.ndim == 0 or np.isscalar(value)
    a = a.reshape(-1)
    return {"type": a.dtype.name, "n": int(a.size), "scalar": bool(scalar),
            "hex": a.astype(a.dtype.newbyteorder("<")).tobytes().hex()}


def attrs(obj):
    return {k: attr(obj.getncattr(k)) for k in obj.ncattrs()}


def dump(path, outdir):
    name = os.path.basename(path)
    d = netCDF4.Dataset(path)
    d.set_auto_maskandscale(False)
    d.set_auto_chartostring(False)
    target = os.path.join(outdir, name)
    os.makedirs(target, exist_ok=True)
    m = {"file": path, "data_model": d.data_model,
         "dims": [{"name": k, "size": len(v), "unlimited": v.isunlimited()} for k, v in d.dimensions.items()],
         "attrs": attrs(d), "variables": []}
    for i, (vname, v) in enumerate(d.variables.items()):
        dt = v.dtype
        numeric = isinstance(dt, np.dtype) and dt.kind in "iuf"
        e = {"name": vname, "dims": list(v.dimensions), "shape": [int(s) for s in v.shape],
             "numeric": bool(numeric), "attrs": attrs(v), "data": None}
        if numeric:
            e["kind"] = dt.kind
            e["itemsize"] = dt.itemsize
            e["endian"] = v.endian()
            data = np.asarray(v[...])
            assert data.dtype == dt, (vname, data.dtype, dt)
            fname = "%03d.bin" % i
            with open(os.path.join(target, fname), "wb") as f:
                f.write(np.ascontiguousarray(data).astype(dt.newbyteorder("<")).tobytes())
            e["data"] = fname
        m["variables"].append(e)
    with open(os.path.join(target, "manifest.json"), "w") as f:
        json.dump(m, f, indent=1)
    d.close()


outdir = sys.argv[1]
for p in sys.argv[2:]:
    dump(p, outdir)
print("ok", len(sys.argv) - 2)
