"""Times scipy.io.mmread on a Matrix Market file, the reference for MatrixMarketReadBenchmark.

python3 jmh/python/mmread_reference.py FILE [--repeat 3] [--threads T]

Reads FILE `repeat` times and prints one JSON line: SciPy's version, MB/s of the fastest and the
median read, the same for mmread followed by .tocsr() (slq4j's reader ends with an assembled,
sorted CSR matrix, SciPy's mmread with COO arrays), and the peak resident set of the process.
SciPy >= 1.12 reads with the C++ fast_matrix_market, on all cores unless --threads is given
(scipy.io._fast_matrix_market.PARALLELISM).
"""

import argparse
import json
import os
import resource
import statistics
import time

import scipy
import scipy.io


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    fmm = None
    try:
        import scipy.io._fast_matrix_market as fmm
        if a.threads:
            fmm.PARALLELISM = a.threads
    except ImportError:
        pass
    size = os.path.getsize(a.file)
    read_s, csr_s = [], []
    shape, nnz = None, None
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        m = scipy.io.mmread(a.file)
        t1 = time.perf_counter()
        c = m.tocsr()
        t2 = time.perf_counter()
        read_s.append(t1 - t0)
        csr_s.append(t2 - t0)
        shape, nnz = m.shape, c.nnz
        del m, c
    print(json.dumps({
        "reader": "scipy.io.mmread",
        "scipy": scipy.__version__,
        "fast_matrix_market": fmm is not None,
        "threads": (fmm.PARALLELISM if fmm is not None and fmm.PARALLELISM else os.cpu_count()),
        "file": a.file, "n": shape[0], "stored_entries": nnz, "bytes": size,
        "repeat": a.repeat,
        "best_s": round(min(read_s), 3), "median_s": round(statistics.median(read_s), 3),
        "best_MBps": round(size / min(read_s) / 1e6, 1),
        "median_MBps": round(size / statistics.median(read_s) / 1e6, 1),
        "best_with_tocsr_MBps": round(size / min(csr_s) / 1e6, 1),
        "peak_rss_MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
