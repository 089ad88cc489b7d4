"""Which BLAS a comparison script (numpy_matmul.py, torch_train_step.py) actually runs on.

Imported by those scripts after numpy or torch is loaded. The libraries are read from
/proc/self/maps (what the dynamic loader really mapped, not what a package claims), with symlinks
resolved, e.g. /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so. When one of
them is OpenBLAS, its own report is read through ctypes: openblas_get_config (version and build),
openblas_get_corename (the kernel family it chose for this CPU, e.g. SkylakeX, which
OPENBLAS_CORETYPE overrides) and openblas_get_num_threads. attn turns the paths into a label
(src/bench/blas_label.ts); this file only reports facts.
"""
import ctypes
import os
import re

# Shared objects that are, or wrap, a BLAS: reference libblas/libcblas, OpenBLAS, MKL, BLIS, ATLAS.
BLAS_NAME = re.compile(r"blas|mkl|blis|atlas", re.IGNORECASE)

# Variables that change how the BLAS or the thread pools behave; reported as the child saw them.
ENVIRONMENT = re.compile(
    r"^(OPENBLAS_\w+|GOTO_NUM_THREADS|OMP_NUM_THREADS|OMP_WAIT_POLICY|GOMP_SPINCOUNT|MKL_NUM_THREADS)$"
)


def mapped_libraries():
    """Real paths of the BLAS-like shared objects mapped into this process, sorted."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if len(line.split()) >= 6}
    except OSError:
        return []
    found = set()
    for path in paths:
        name = os.path.basename(path)
        if path.startswith("/") and ".so" in name and BLAS_NAME.search(name):
            found.add(os.path.realpath(path))
    return sorted(found)


def openblas_report(paths):
    """(config, corename, threads) from the first OpenBLAS among paths, or Nones."""
    for path in paths:
        if "openblas" not in path.lower():
            continue
        try:
            lib = ctypes.CDLL(path)  # already mapped: this returns the loaded copy
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return (
                lib.openblas_get_config().decode(errors="replace"),
                lib.openblas_get_corename().decode(errors="replace"),
                int(lib.openblas_get_num_threads()),
            )
        except (OSError, AttributeError):
            continue
    return None, None, None


def blas_info():
    """{"paths", "config", "core", "threads", "environment"} for the JSON the scripts print."""
    paths = mapped_libraries()
    config, core, threads = openblas_report(paths)
    environment = {k: v for k, v in sorted(os.environ.items()) if ENVIRONMENT.match(k)}
    return {
        "paths": paths,
        "config": config,
        "core": core,
        "threads": threads,
        "environment": environment,
    }
