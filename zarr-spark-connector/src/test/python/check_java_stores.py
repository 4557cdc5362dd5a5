#!/usr/bin/python3
"""Reads the Zarr v2 arrays that Spangeo wrote (JavaWritesPythonReadsTest) with zarr-python 2.

    /usr/bin/python3 check_java_stores.py DIR

DIR/manifest.json lists {name, path, dtype, shape, expected}; for every array this prints one
line "OK name" or "FAIL name: reason", and exits 0 when all lines were printed (the Java side
decides what a FAIL means).
"""
import json
import os
import sys

try:
    import numpy as np
    import zarr
except ImportError as e:
    print("check_java_stores.py needs numpy and zarr 2 (python3-zarr): %s" % e, file=sys.stderr)
    sys.exit(3)

root = os.path.abspath(sys.argv[1])
with open(os.path.join(root, "manifest.json")) as f:
    cases = json.load(f)["cases"]

for c in cases:
    name = c["name"]
    try:
        z = zarr.open_array(store=os.path.join(root, "store"), path=c["path"], mode="r")
        got = z[...]
        dt = np.dtype(c["dtype"])
        exp = np.frombuffer(open(os.path.join(root, c["expected"]), "rb").read(),
                            dtype=dt.newbyteorder("<") if dt.itemsize > 1 else dt).reshape(c["shape"])
        if z.dtype != dt:
            print("FAIL %s: dtype %s, expected %s" % (name, z.dtype.str, dt.str))
        elif got.shape != exp.shape:
            print("FAIL %s: shape %s, expected %s" % (name, got.shape, exp.shape))
        elif not np.array_equal(got, exp, equal_nan=(dt.kind == "f")):
            bad = np.argwhere(~((got == exp) | ((got != got) & (exp != exp))))
            i = tuple(bad[0])
            print("FAIL %s: %d elements differ, first at %s: %r != %r" % (name, len(bad), i, got[i], exp[i]))
        else:
            print("OK %s" % name)
    except Exception as e:  # one line per array, whatever went wrong
        print("FAIL %s: %s: %s" % (name, type(e).__name__, str(e).replace("\n", " ")))
sys.stdout.flush()
