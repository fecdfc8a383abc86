"""The ABC-SMC kernel's arithmetic (experiments/calibration.py, Kernel): right, and the same bits on
any machine."""

from __future__ import annotations

import pytest

KERNEL_SCRIPT = """
import numpy as np
from experiments.calibration import Candidate, Generation
from experiments.calibration_kernel import Kernel
rng = np.random.default_rng(5)
units = rng.random((60, 14))
w = rng.random(60)
gen = Generation(0, 1.0, [Candidate(0, i, u, {}, []) for i, u in enumerate(units)], w / w.sum(), 60)
k = Kernel(gen, np.zeros(14), np.ones(14))
draw = np.random.default_rng(7)
moves = [k.propose(draw) for _ in range(5)]
print(repr((k.chol.tolist(), k.chol_inv.tolist(), [m.tolist() for m in moves], [k.log_weight(m) for m in moves])))
"""


def test_the_kernel_is_the_same_whatever_cpu_kernels_openblas_picks():
    """OpenBLAS picks its CPU kernels at run time (OPENBLAS_CORETYPE forces one); with numpy's matrix
    products the weighted covariance differed in the last bit between Haswell and Prescott kernels
    here, and a calibration rerun on another machine parted from the stored one.  The kernel's own
    arithmetic gives the same bits under each."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    outs = set()
    for core in ("Haswell", "Prescott", "SkylakeX"):
        env = {**os.environ, "OPENBLAS_CORETYPE": core, "PYTHONPATH": str(repo)}
        r = subprocess.run([sys.executable, "-c", KERNEL_SCRIPT], env=env, capture_output=True, text=True, check=True)
        outs.add(r.stdout)
    assert len(outs) == 1


def test_the_kernel_matches_the_textbook_formulas():
    import numpy as np

    from experiments.calibration import Candidate, Generation
    from experiments.calibration_kernel import Kernel

    rng = np.random.default_rng(3)
    units = rng.random((30, 4))
    w = rng.random(30)
    w /= w.sum()
    k = Kernel(
        Generation(0, 1.0, [Candidate(0, i, u, {}, []) for i, u in enumerate(units)], w, 30), np.zeros(4), np.ones(4)
    )
    dev = units - w @ units
    cov = 2.0 * (dev.T * w) @ dev
    assert np.allclose(k.chol @ k.chol.T, cov, rtol=1e-12, atol=1e-14)
    assert np.allclose(k.chol_inv @ k.chol, np.eye(4), atol=1e-12)
    u = np.full(4, 0.5)
    y = np.einsum("jk,ik->ij", np.linalg.inv(np.linalg.cholesky(cov)), units - u)
    terms = np.log(w) - 0.5 * np.sum(y * y, axis=1)
    assert k.log_weight(u) == pytest.approx(-float(np.log(np.sum(np.exp(terms)))), rel=1e-10)
