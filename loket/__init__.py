"""The `loket` command line: thin shells around the simulation, reports and game."""
