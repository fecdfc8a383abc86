"""Shared helpers for tests: small models of the bundled scenarios."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def small_model():
    """A factory: ``small_model('integral', households=60, overrides={...}, persona='samira')``."""
    from simulation import CityModel, load_scenario

    def make(name: str = "siloed", households: int = 60, seed: int = 1, overrides=None, persona=None, track=0):
        return CityModel(
            load_scenario(name, overrides), seed=seed, households=households, player_persona=persona, track=track
        )

    return make


def pytest_collection_finish(session):
    """What collecting imported (pandas, scipy, mesa, pygame ...) lives as long as the test process:
    move it out of the cyclic garbage collector's sight (gc.freeze).  Every model run ends with a full
    collection (experiments/jobs.py), which would otherwise walk all of it again: about 0.1-0.3 s a run."""
    import gc

    gc.collect()
    gc.freeze()
