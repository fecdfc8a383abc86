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
