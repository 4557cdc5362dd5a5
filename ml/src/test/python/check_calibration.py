"""Checks Spangeo's calibration fit against a direct implementation in numpy/scipy.

usage: check_calibration.py PAIRS_DIR RESULT.json

PAIRS_DIR holds logits.f32, outcomes.u8 and folds.u8 (little-endian, one value per pair);
RESULT.json holds what Java fitted: "platt" {a, b}, "isotonic" {logits, probabilities} (both fitted
on all pairs), "brier_raw", "brier_platt", "brier_isotonic" (out of fold: fit on one fold, score
the other, both ways) and "chosen". Platt here is scipy's minimiser on the log-loss; isotonic is
a textbook pool-adjacent-violators written here, then scikit-learn's knot rule (first and last
point of each constant block) and np.interp with clipping. Prints "ok ..." or exits non-zero.
"""
import json
import sys

import numpy as np
from scipy.optimize import minimize

d, result_path = sys.argv[1], sys.argv[2]
z = np.fromfile(d + "/logits.f32", dtype="<f4").astype(float)
o = np.fromfile(d + "/outcomes.u8", dtype=np.uint8).astype(float)
fold = np.fromfile(d + "/folds.u8", dtype=np.uint8)
res = json.load(open(result_path))
failures = []


def sigmoid(t):
    return 1 / (1 + np.exp(-t))


def platt(z, o):
    def loss(p):
        t = p[0] * z + p[1]
        return np.sum(np.logaddexp(0, t) - o * t)

    def grad(p):
        r = sigmoid(p[0] * z + p[1]) - o
        return np.array([np.sum(r * z), np.sum(r)])

    r = minimize(loss, np.array([1.0, 0.0]), jac=grad, method="BFGS", options={"gtol": 1e-10, "maxiter": 1000})
    return r.x


def isotonic(z, o):
    order = np.argsort(z, kind="stable")
    zs, os_ = z[order], o[order]
    ux, start = np.unique(zs, return_index=True)
    counts = np.diff(np.append(start, len(zs)))
    sums = np.add.reduceat(os_, start)
    # pool adjacent violators: blocks [value, weight, first index]
    blocks = []
    for i in range(len(ux)):
        blocks.append([sums[i] / counts[i], float(counts[i]), i])
        while len(blocks) > 1 and blocks[-2][0] >= blocks[-1][0]:
            v2, w2, _ = blocks.pop()
            v1, w1, s1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, s1])
    fitted = np.empty(len(ux))
    for j, (v, w, s) in enumerate(blocks):
        end = blocks[j + 1][2] if j + 1 < len(blocks) else len(ux)
        fitted[s:end] = v
    keep = np.ones(len(ux), bool)
    keep[1:-1] = (fitted[1:-1] != fitted[:-2]) | (fitted[1:-1] != fitted[2:])
    return ux[keep], fitted[keep]


def iso_apply(kx, ky, t):
    return np.interp(t, kx, ky)


def close(name, got, want, tol):
    got, want = np.asarray(got, float), np.asarray(want, float)
    if got.shape != want.shape:
        failures.append(f"{name}: shape {got.shape} != {want.shape}")
    elif not np.all(np.abs(got - want) <= tol * np.maximum(1, np.abs(want))):
        k = int(np.argmax(np.abs(got - want)))
        failures.append(f"{name}: {got.flat[k]!r} != numpy {want.flat[k]!r}")


a, b = platt(z, o)
close("platt a", res["platt"]["a"], a, 1e-6)
close("platt b", res["platt"]["b"], b, 1e-6)
kx, ky = isotonic(z, o)
close("isotonic knots", res["isotonic"]["logits"], kx, 1e-12)
close("isotonic probabilities", res["isotonic"]["probabilities"], ky, 1e-12)
probe = np.linspace(z.min() - 1, z.max() + 1, 997)
close("isotonic at probes", np.array(res["isotonic_probe"]), iso_apply(kx, ky, probe), 1e-12)

# out of fold Brier scores and the choice
n = len(z)
f0, f1 = fold == 0, fold == 1
brier_raw = np.mean((sigmoid(z) - o) ** 2)
sp = 0.0
si = 0.0
for fit, score in ((f0, f1), (f1, f0)):
    pa, pb = platt(z[fit], o[fit])
    sp += np.sum((sigmoid(pa * z[score] + pb) - o[score]) ** 2)
    ix, iy = isotonic(z[fit], o[fit])
    si += np.sum((iso_apply(ix, iy, z[score]) - o[score]) ** 2)
close("brier raw", res["brier_raw"], brier_raw, 1e-9)
close("brier platt (out of fold)", res["brier_platt"], sp / n, 1e-7)
close("brier isotonic (out of fold)", res["brier_isotonic"], si / n, 1e-9)
chosen = "isotonic" if si < sp else "platt"
if res["chosen"] != chosen:
    failures.append(f"chosen {res['chosen']} != numpy {chosen}")
if failures:
    print("FAILED: " + "; ".join(failures[:8]))
    sys.exit(1)
print(f"ok platt a={a:.6f} b={b:.6f}, isotonic {len(kx)} knots, chosen {chosen}")
