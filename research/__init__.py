"""Research tools on top of the simulation core: global sensitivity analysis (SALib).

Sweeps themselves live in :mod:`experiments.sweep`; this package analyses them.
"""
