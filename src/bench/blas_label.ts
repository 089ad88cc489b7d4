/**
 * Names the BLAS a comparison anchor (numpy, PyTorch) actually ran on, from the shared objects
 * mapped into its process (bench/blas_probe.py reads them from /proc/self/maps, symlinks
 * resolved). The anchors are only worth comparing against when that BLAS is a fast one: Debian's
 * reference BLAS (libblas3) is a plain loop nest: sgemm 512^3 ran at about 8 GFLOP/s on it here,
 * 158 GFLOP/s on OpenBLAS 0.3.21.
 */

/** The family of a BLAS library; "reference" is the slow netlib one. */
export type BlasKind = "openblas" | "mkl" | "blis" | "atlas" | "reference" | "other" | "unknown";

/** What labelBlas() tells about a set of mapped libraries. */
export interface BlasLabel {
  kind: BlasKind;
  /** For people: "OpenBLAS 0.3.21 (pthread)", "reference BLAS (libblas3)", "BLAS unknown". */
  label: string;
}

const baseName = (path: string) => path.split("/").at(-1) ?? path;
const dirName = (path: string) => path.split("/").slice(0, -1).join("/");

/** How an OpenBLAS build runs its threads, from Debian's directory or the library's name. */
function openblasThreading(path: string): string | null {
  const dir = /\/openblas-(pthread|openmp|serial)(\/|$)/.exec(dirName(path));
  if (dir) return dir[1];
  // libopenblasp-r0.3.21.so (pthread), libopenblaso-r0.3.21.so (OpenMP); pip wheels'
  // libopenblas64_p-r0.3.21-....so are pthread builds too.
  const name = /^libopenblas(?:64_?)?(p|o)?-/.exec(baseName(path));
  if (name?.[1] === "p") return "pthread";
  if (name?.[1] === "o") return "openmp";
  return null;
}

/** "0.3.21" from "libopenblasp-r0.3.21.so" or from openblas_get_config()'s "OpenBLAS 0.3.21 ...". */
function openblasVersion(paths: readonly string[], config: string | null): string | null {
  for (const p of paths) {
    const m = /^libopenblas\w*-r(\d+\.\d+(?:\.\d+)?)/.exec(baseName(p));
    if (m) return m[1];
  }
  return /^OpenBLAS (\d+\.\d+(?:\.\d+)?)/.exec(config ?? "")?.[1] ?? null;
}

/**
 * Labels the BLAS among `paths` (real paths of the mapped BLAS-like libraries). OpenBLAS wins
 * over a libblas.so.3 beside it (Debian's openblas-pthread/libblas.so.3 is OpenBLAS's own
 * interface library); Debian's reference BLAS lives in .../blas/. `config` is OpenBLAS's
 * openblas_get_config() when it was read; `builtin` names a BLAS linked into the anchor itself
 * (PyTorch wheels with MKL), used when no library is mapped.
 */
export function labelBlas(
  paths: readonly string[],
  options: { config?: string | null; builtin?: string | null } = {},
): BlasLabel {
  const openblas = paths.filter((p) => /openblas/i.test(p));
  if (openblas.length > 0 || /^OpenBLAS /.test(options.config ?? "")) {
    const version = openblasVersion(openblas, options.config ?? null);
    const threading = openblas.map(openblasThreading).find((t) => t !== null);
    return {
      kind: "openblas",
      label: `OpenBLAS${version ? ` ${version}` : ""}${threading ? ` (${threading})` : ""}`,
    };
  }
  if (paths.some((p) => /^libmkl/.test(baseName(p)))) return { kind: "mkl", label: "Intel MKL" };
  if (paths.some((p) => /^libblis/.test(baseName(p)))) return { kind: "blis", label: "BLIS" };
  if (paths.some((p) => /\/atlas(\/|$)/.test(dirName(p)) || /^libatlas/.test(baseName(p)))) {
    return { kind: "atlas", label: "ATLAS" };
  }
  // Debian's libblas3 (and libcblas in it): /usr/lib/<triplet>/blas/libblas.so.3.11.0.
  if (paths.some((p) => /\/blas$/.test(dirName(p)) && /^libc?blas\.so/.test(baseName(p)))) {
    return { kind: "reference", label: "reference BLAS (libblas3)" };
  }
  if (paths.length > 0) return { kind: "other", label: paths.map(baseName).join(", ") };
  if (options.builtin) {
    return { kind: /MKL/.test(options.builtin) ? "mkl" : "other", label: options.builtin };
  }
  return { kind: "unknown", label: "BLAS unknown" };
}
