#!/usr/bin/env python3
"""float32 matrix products in numpy (sgemm through the system BLAS), for `attn bench matmul --numpy`.

Times C = A @ B for square float32 matrices of each size (default 64, 128, 256, 512: the cubes of
src/bench/matmul_suite.ts, named the same way, "matmul 512x512x512"). One warm-up product, then
--reps repetitions; a repetition runs as many products as take about --target-ms and reports
the time per product. The BLAS library numpy actually loaded is read from /proc/self/maps.

Prints JSON: {"numpy": version, "blas": library path or null, "results": [{"name", "medianMs",
"minMs", "maxMs", "value", "unit"}]} with value in GFLOP/s (2 n^3 per product) of the median.

Usage: python3 bench/numpy_matmul.py [--reps 7] [--size 512 ...] [--target-ms 40]
Needs only numpy (Debian python3-numpy).
"""
import argparse
import json
import os
import statistics
import time

import numpy as np


def loaded_blas():
    """The BLAS shared library mapped into this process, or None when it cannot be told."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower()}
    except OSError:
        return None
    libs = sorted(os.path.realpath(p) for p in paths if p.startswith("/"))
    return ", ".join(libs) if libs else None


def time_size(n, reps, target_ms):
    rng = np.random.default_rng(n)
    a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    out = np.empty((n, n), dtype=np.float32)
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
        "name": f"matmul {n}x{n}x{n}",
        "params": {"m": n, "k": n, "n": n, "opsPerRep": batch},
        "medianMs": med,
        "minMs": min(times),
        "maxMs": max(times),
        "value": 2 * n**3 / (med * 1e6),
        "unit": "GFLOP/s",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--size", type=int, action="append")
    parser.add_argument("--target-ms", type=float, default=40.0)
    args = parser.parse_args()
    if args.reps < 1:
        parser.error(f"expected --reps >= 1, got {args.reps}")
    sizes = args.size or [64, 128, 256, 512]
    for n in sizes:
        if not 1 <= n <= 8192:
            parser.error(f"expected sizes from 1 to 8192, got {n}")
    results = [time_size(n, args.reps, args.target_ms) for n in sizes]
    print(json.dumps({"numpy": np.__version__, "blas": loaded_blas(), "results": results}))


if __name__ == "__main__":
    main()
