"""OpenBLAS dgemv on the Gram-Schmidt shape (k = 80 columns of n = 1e6, column-major): the
same-run reference for LanczosSweepBenchmark (the sweep reads the same k n doubles). Run: OPENBLAS_NUM_THREADS=1 python3 jmh/python/gemv_reference.py"""
import os, time, json, sys
import numpy as np
n, k = 1_000_000, 80
rng = np.random.default_rng(1)
V = np.asfortranarray(rng.uniform(-1, 1, (n, k)) * np.sqrt(3.0 / n))
w = rng.uniform(-1, 1, n) * np.sqrt(3.0 / n)
h = V.T @ w
flat = V.reshape(-1, order='F')
def best(f, reps=12):
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    ts.sort()
    return ts[len(ts)//2], ts[0]
res = {}
res['proj V.T@w (dgemv_t)'] = best(lambda: V.T @ w)
y = np.empty(n)
res['update V@h (dgemv_n)'] = best(lambda: np.matmul(V, h, out=y))
res['read flat@flat[:1] dot of V with itself (ddot)'] = best(lambda: np.dot(flat, flat))
for name, (med, mn) in res.items():
    gb = 8 * n * k / 1e9
    print(f"{name}: median {med*1e3:.2f} ms ({gb/med:.1f} GB/s of V), min {mn*1e3:.2f} ms ({gb/mn:.1f} GB/s)")
