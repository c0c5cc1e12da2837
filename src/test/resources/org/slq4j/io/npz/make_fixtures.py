"""Writes the .npz test fixtures of NpzReaderTest with SciPy's own writer.

Provenance: every .npz file beside this script is the output of scipy.sparse.save_npz (SciPy
1.17.1, NumPy 2.4.6, Python 3.11.7) as run by this script, except plain.npz (numpy.savez of a
dense array) and coo_coords_z.npz (numpy.savez_compressed of the arrays in the layout save_npz
uses for n-D coo arrays). matrix.mtx is scipy.io.mmwrite of the same symmetric matrix, the
reference the tests compare against. The matrix is random but seeded, so a re-run writes the
same values.

Run from this folder: python3 make_fixtures.py
"""

import numpy as np
import scipy
import scipy.io
import scipy.sparse as sp

rng = np.random.default_rng(20261203)
n = 30
lower = sp.random(n, n, density=0.12, format="coo", random_state=rng)
lower = sp.tril(lower, k=-1)
diag = sp.diags(rng.standard_normal(n))
a = (lower + lower.T + diag).tocsr()
a.sort_indices()
scipy.io.mmwrite("matrix.mtx", a, symmetry="symmetric",
                 comment=" scipy.io.mmwrite (SciPy %s): the matrix of the .npz fixtures" % scipy.__version__)


def with_index_dtype(m, dtype):
    m = m.copy()
    if m.format == "coo":
        m.coords = tuple(c.astype(dtype) for c in m.coords)
    else:
        m.indices = m.indices.astype(dtype)
        m.indptr = m.indptr.astype(dtype)
    return m


sp.save_npz("csr_f8_i4.npz", a, compressed=False)
sp.save_npz("csc_f8_i4_z.npz", a.tocsc(), compressed=True)
sp.save_npz("coo_f8_i4_z.npz", a.tocoo(), compressed=True)
sp.save_npz("csr_f8_i8_z.npz", with_index_dtype(a, np.int64), compressed=True)
sp.save_npz("csc_f8_i8.npz", with_index_dtype(a.tocsc(), np.int64), compressed=False)
sp.save_npz("coo_f8_i8.npz", with_index_dtype(a.tocoo(), np.int64), compressed=False)
sp.save_npz("csr_f4.npz", a.astype(np.float32), compressed=True)
big_endian = a.copy()
big_endian.data = big_endian.data.astype(">f8")
sp.save_npz("csr_f8_big_endian.npz", big_endian, compressed=False)
sp.save_npz("csr_array.npz", sp.csr_array(a), compressed=True)

# coo stored as one (2, nnz) coords array: what save_npz writes for n-D coo arrays, and (its
# source says) will write for 2-D ones too. Written with the same numpy.savez call it uses.
c = a.tocoo()
np.savez_compressed("coo_coords_z.npz", coords=np.vstack(c.coords), format=b"coo",
                    shape=np.array(c.shape), data=c.data, _is_array=True)

# A graph Laplacian with integer values, int64 data.
adjacency = (a != 0).astype(np.int64)
adjacency.setdiag(0)
adjacency.eliminate_zeros()
laplacian = sp.diags(np.asarray(adjacency.sum(axis=1)).ravel(), dtype=np.int64) - adjacency
sp.save_npz("laplacian_i8.npz", sp.csr_matrix(laplacian, dtype=np.int64), compressed=True)

# coo with duplicate entries (save_npz keeps them; SciPy sums them): a_00 = 1 + 0.25,
# a_12 = 2, a_21 = 1.5 + 0.5, a_11 = 0.5.
dup = sp.coo_matrix((np.array([1.0, 2.0, 0.5, 1.5, 0.25, 0.5]),
                     (np.array([0, 1, 1, 2, 0, 2]), np.array([0, 2, 1, 1, 0, 1]))), shape=(3, 3))
sp.save_npz("coo_duplicates.npz", dup, compressed=False)

# Refused: not symmetric, complex, not square, bsr, a dense archive.
nonsym = a.tolil()
nonsym[3, 7] = nonsym[3, 7] + 1.0
sp.save_npz("nonsymmetric.npz", nonsym.tocsr(), compressed=True)
sp.save_npz("complex.npz", (a * (1 + 1j)).tocsr(), compressed=True)
sp.save_npz("rectangular.npz", sp.random(3, 4, density=0.5, format="csr", random_state=rng))
sp.save_npz("bsr.npz", a.tobsr(blocksize=(2, 2)))
np.savez("plain.npz", a.toarray())
