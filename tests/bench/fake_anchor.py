#!/usr/bin/env python3
"""A stand-in for bench/numpy_matmul.py and bench/torch_train_step.py in tests: no numpy, no
torch, no timing. It prints the JSON both print, with the "blas" object from the real
bench/blas_probe.py, so a test sees the environment the anchor process really got. One result,
"matmul 8x8x8" (numpy's naming), and the arguments it was given in params.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../bench"))
from blas_probe import blas_info  # noqa: E402

print(json.dumps({
    "numpy": "0.0-fake",
    "torch": "0.0-fake",
    "threads": 1,
    "blas": blas_info(),
    "results": [{
        "name": "matmul 8x8x8",
        "params": {"argv": " ".join(sys.argv[1:])},
        "medianMs": 1.0,
        "minMs": 1.0,
        "maxMs": 1.0,
    }],
}))
