"""Owned randomness: every draw comes from a stream named by (seed, purpose, id).

Streams are derived with a stable hash, never with Python's ``hash()``, so the
same seed gives the same numbers in every process.  The two arms of a
comparison build the same population and the same life events (common random
numbers) because those streams do not depend on the organisation.
"""

from __future__ import annotations

import hashlib
import random

import numpy as np


def stream_seed(seed: int, *names: object) -> int:
    text = "/".join([str(seed), *map(str, names)]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def stream(seed: int, *names: object) -> random.Random:
    """A private generator for one purpose, e.g. ``stream(seed, 'life', 17)``."""
    return random.Random(stream_seed(seed, *names))


def uniform_rows(rows: int, columns: int, seed: int, *names: object) -> list[list[float]]:
    """``rows`` x ``columns`` uniform numbers in [0, 1) from one stream, made in one go.  Row ``r``
    is the same whatever the number of rows, so household ``r`` gets the same numbers in a
    population of any size.  Only the bit generator's raw output is used (PCG64, whose stream
    numpy keeps the same across versions), made into doubles the usual way: the top 53 bits
    times 2**-53."""
    raw = np.random.PCG64(stream_seed(seed, *names)).random_raw(rows * columns)
    doubles = (raw >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)
    return doubles.reshape(rows, columns).tolist()
