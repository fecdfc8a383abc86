"""The ABC-SMC proposal kernel (Beaumont et al. 2009): Gaussian moves with twice the weighted
covariance of the previous generation, and the importance weights that go with them.  Its
arithmetic is plain Python floats with exactly rounded sums, not numpy's BLAS or LAPACK, so a
calibration gives the same particles on any machine (:class:`Kernel`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .calibration_config import CalibrationError

if TYPE_CHECKING:
    from .calibration import Generation

MAX_REDRAWS = 10_000  # kernel moves per candidate before giving up on staying inside the prior


def _dot(xs: Sequence[float], ys: Sequence[float]) -> float:
    return math.fsum(x * y for x, y in zip(xs, ys, strict=True))


def cholesky(a: list[list[float]]) -> list[list[float]]:
    """Lower-triangular L with L L^T = a, in plain Python floats (raises LinAlgError if a is not
    positive definite).  Every sum is :func:`math.fsum`, so the result is the same on every machine:
    LAPACK's, like BLAS's, depends on the CPU kernels an OpenBLAS build picks at run time."""
    n = len(a)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            rest = a[i][j] - _dot(low[i][:j], low[j][:j])
            if i == j:
                if not rest > 0.0:
                    raise np.linalg.LinAlgError("not positive definite")
                low[i][i] = math.sqrt(rest)
            else:
                low[i][j] = rest / low[j][j]
    return low


def lower_inverse(low: list[list[float]]) -> list[list[float]]:
    """The inverse of a lower-triangular matrix, by forward substitution (plain floats, fsum)."""
    n = len(low)
    inv = [[0.0] * n for _ in range(n)]
    for k in range(n):
        inv[k][k] = 1.0 / low[k][k]
        for i in range(k + 1, n):
            inv[i][k] = -_dot(low[i][k:i], [inv[r][k] for r in range(k, i)]) / low[i][i]
    return inv


class Kernel:
    """Gaussian moves with twice the weighted covariance of the previous population (unit space).

    Its arithmetic is plain Python floats with :func:`math.fsum` sums, not numpy's BLAS, LAPACK or
    SIMD loops, whose last bits depend on the CPU: a calibration gives the same particles on any
    machine (found when a rerun elsewhere parted from the stored one in the 14th digit of generation
    1's weights, and then in which candidates generation 3 accepted)."""

    def __init__(self, prev: Generation, low: np.ndarray, high: np.ndarray) -> None:
        self.unit, self.weights, self.low, self.high = prev.unit, prev.weights, low, high
        units = self.unit.tolist()
        self._units = units
        w = self.weights.tolist()
        dims = range(len(low))
        mean = [math.fsum(wj * u[k] for wj, u in zip(w, units, strict=True)) for k in dims]
        dev = [[u[k] - mean[k] for k in dims] for u in units]
        cov = [[2.0 * math.fsum(wj * d[a] * d[b] for wj, d in zip(w, dev, strict=True)) for b in dims] for a in dims]
        span = [float(h - lo) for lo, h in zip(low.tolist(), high.tolist(), strict=True)]
        ridge = 0.0
        while True:  # a population collapsed in a direction: widen it a little, deterministically
            try:
                chol = cholesky([[cov[a][b] + (ridge * span[a] ** 2 if a == b else 0.0) for b in dims] for a in dims])
                break
            except np.linalg.LinAlgError:
                ridge = 1e-12 if ridge == 0 else ridge * 100
        self._chol = chol
        self._chol_inv = lower_inverse(chol)
        self.chol, self.chol_inv = np.array(chol), np.array(self._chol_inv)
        self.cum = np.cumsum(self.weights)
        self._log_w = [math.log(x) if x > 0 else -math.inf for x in w]

    def propose(self, rng: np.random.Generator) -> np.ndarray:
        j = min(int(np.searchsorted(self.cum, rng.random() * self.cum[-1], side="right")), len(self.cum) - 1)
        base = self._units[j]
        for _ in range(MAX_REDRAWS):
            z = rng.standard_normal(len(self.low)).tolist()
            u = np.array([b + _dot(row, z) for b, row in zip(base, self._chol, strict=True)])
            if np.all(u >= self.low) and np.all(u <= self.high):
                return u
        raise CalibrationError(f"{MAX_REDRAWS} kernel moves in a row left the prior box; widen the priors")

    def log_weight(self, u: np.ndarray) -> float:
        """log of prior(u) / sum_j w_j K(u | u_j), up to a constant (the prior is flat in unit space)."""
        x = u.tolist()
        terms = []
        for lw, uj in zip(self._log_w, self._units, strict=True):
            diff = [a - b for a, b in zip(uj, x, strict=True)]
            y = [_dot(row, diff) for row in self._chol_inv]
            terms.append(lw - 0.5 * math.fsum(v * v for v in y))
        top = max(terms)
        return -(top + math.log(math.fsum(math.exp(t - top) for t in terms)))  # log-sum-exp, safe from underflow
