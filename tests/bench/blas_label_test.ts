import assert from "node:assert/strict";
import { labelBlas } from "../../src/bench/blas_label.ts";

const lib = "/usr/lib/x86_64-linux-gnu";

Deno.test("labelBlas() names Debian's OpenBLAS builds by version and threading", () => {
  assert.deepEqual(
    labelBlas([
      `${lib}/openblas-pthread/libblas.so.3`,
      `${lib}/openblas-pthread/libopenblasp-r0.3.21.so`,
    ]),
    { kind: "openblas", label: "OpenBLAS 0.3.21 (pthread)" },
    "the libblas.so.3 beside it is OpenBLAS's interface library, not reference BLAS",
  );
  assert.equal(
    labelBlas([`${lib}/openblas-openmp/libopenblaso-r0.3.26.so`]).label,
    "OpenBLAS 0.3.26 (openmp)",
  );
  assert.equal(
    labelBlas([`${lib}/openblas-serial/libopenblas-r0.3.21.so`]).label,
    "OpenBLAS 0.3.21 (serial)",
  );
  // A pip wheel bundles its own OpenBLAS (64-bit integers, pthread build).
  assert.equal(
    labelBlas(["/venv/lib/python3.11/site-packages/numpy.libs/libopenblas64_p-r0.3.23-dev-abc.so"])
      .label,
    "OpenBLAS 0.3.23 (pthread)",
  );
  // Only the interface library mapped: the version comes from openblas_get_config().
  assert.deepEqual(
    labelBlas([`${lib}/openblas-pthread/libblas.so.3`], {
      config: "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64",
    }),
    { kind: "openblas", label: "OpenBLAS 0.3.21 (pthread)" },
  );
});

Deno.test("labelBlas() tells Debian's reference BLAS (libblas3) from the fast ones", () => {
  for (
    const paths of [
      [`${lib}/blas/libblas.so.3.11.0`],
      [`${lib}/blas/libblas.so.3.11.0`, `${lib}/blas/libcblas.so.3.11.0`],
    ]
  ) {
    assert.deepEqual(labelBlas(paths), { kind: "reference", label: "reference BLAS (libblas3)" });
  }
  assert.equal(labelBlas([`${lib}/atlas/libblas.so.3.10.3`]).kind, "atlas");
  assert.equal(labelBlas([`${lib}/blis-pthread/libblas.so.3`, `${lib}/libblis.so.4`]).kind, "blis");
  assert.deepEqual(labelBlas(["/opt/intel/lib/libmkl_rt.so.2"]), {
    kind: "mkl",
    label: "Intel MKL",
  });
});

Deno.test("labelBlas() says when it cannot tell", () => {
  assert.deepEqual(labelBlas([]), { kind: "unknown", label: "BLAS unknown" });
  assert.deepEqual(labelBlas([], { builtin: "Intel MKL (linked into torch)" }), {
    kind: "mkl",
    label: "Intel MKL (linked into torch)",
  });
  assert.deepEqual(labelBlas(["/opt/vendor/libvendorblas.so.1"]), {
    kind: "other",
    label: "libvendorblas.so.1",
  });
});
