#!/usr/bin/env python3
"""float32 matrix products in numpy (sgemm through the system BLAS), for `attn bench matmul --numpy`.

Times C = A @ B for square float32 matrices of each size (default 64, 128, 256, 512, 1024: the
cubes of src/bench/matmul_suite.ts, named the same way, "matmul 512x512x512"). One warm-up
product, then --reps repetitions; a repetition runs as many products as take about --target-ms
and reports the time per product. Which BLAS numpy actually loaded, and with how many threads,
comes from blas_probe.py (/proc/self/maps, OpenBLAS's own report).

Prints JSON: {"numpy": version, "threads": BLAS threads, "blas": blas_probe.blas_info(),
"results": [{"name", "medianMs", "minMs", "maxMs", "value", "unit"}]} with value in GFLOP/s
(2 n^3 per product) of the median. attn runs this without OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE in its environment, so OpenBLAS picks its kernels for this CPU.

Besides the cubes, --shape NAME=M,K,N,TA,TB times op(A) @ op(B) with op(A) [M, K] and op(B)
[K, N], TA/TB 1 for an operand stored transposed (read through a transposed view, as BLAS does),
named NAME like the matching case of `attn bench matmul` (the model's products and their
gradients).

Usage: python3 bench/numpy_matmul.py [--reps 7] [--size 512 ...] [--shape NAME=M,K,N,TA,TB ...]
  [--target-ms 40]
Needs only numpy (Debian python3-numpy).
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # even with PYTHONSAFEPATH set
from blas_probe import blas_info  # noqa: E402


def time_size(n, reps, target_ms):
    return time_product(f"matmul {n}x{n}x{n}", n, n, n, False, False, reps, target_ms)


def time_product(name, m, k, n, trans_a, trans_b, reps, target_ms):
    rng = np.random.default_rng(m * 31 + k * 7 + n)
    a = rng.uniform(-1, 1, (k, m) if trans_a else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if trans_b else (k, n)).astype(np.float32)
    a = a.T if trans_a else a
    b = b.T if trans_b else b
    out = np.empty((m, n), dtype=np.float32)
    np.matmul(a, b, out=out)  # warm-up
    start = time.perf_counter()
    np.matmul(a, b, out=out)
    probe_ms = (time.perf_counter() - start) * 1000
    batch = max(1, min(256, int(target_ms / max(probe_ms, 1e-3)) + 1))
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(batch):
            np.matmul(a, b, out=out)
        times.append((time.perf_counter() - start) * 1000 / batch)
    med = statistics.median(times)
    return {
        "name": name,
        "params": {"m": m, "k": k, "n": n, "transA": trans_a, "transB": trans_b, "opsPerRep": batch},
        "medianMs": med,
        "minMs": min(times),
        "maxMs": max(times),
        "value": 2 * m * k * n / (med * 1e6),
        "unit": "GFLOP/s",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--size", type=int, action="append")
    parser.add_argument("--shape", action="append", default=[])
    parser.add_argument("--target-ms", type=float, default=40.0)
    args = parser.parse_args()
    shapes = []
    for spec in args.shape:
        name, _, dims = spec.rpartition("=")
        parts = dims.split(",")
        if not name or len(parts) != 5 or not all(x.isdigit() for x in parts):
            parser.error(f"expected --shape NAME=M,K,N,TA,TB (whole numbers), got {spec!r}")
        m, k, n, ta, tb = (int(x) for x in parts)
        if not all(1 <= x <= 8192 for x in (m, k, n)):
            parser.error(f"expected sizes from 1 to 8192 in --shape, got {spec!r}")
        shapes.append((name, m, k, n, ta == 1, tb == 1))
    if args.reps < 1:
        parser.error(f"expected --reps >= 1, got {args.reps}")
    sizes = args.size or ([] if shapes else [64, 128, 256, 512, 1024])
    for n in sizes:
        if not 1 <= n <= 8192:
            parser.error(f"expected sizes from 1 to 8192, got {n}")
    results = [time_size(n, args.reps, args.target_ms) for n in sizes]
    results += [time_product(*shape, args.reps, args.target_ms) for shape in shapes]
    blas = blas_info()
    # numpy itself computes a product on one thread; the BLAS may use several (reference BLAS: 1).
    threads = blas["threads"] if blas["threads"] is not None else 1
    print(json.dumps({"numpy": np.__version__, "threads": threads, "blas": blas, "results": results}))


if __name__ == "__main__":
    main()
