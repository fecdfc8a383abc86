"""Tools around the game: a driver for tests and scripted runs, the screenshot tour."""
