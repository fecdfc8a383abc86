"""Where Loketdoolhof keeps a user's files (home folder, saves, the workshop database) and how
output folders are checked before work starts.

Below every front end, so the game and the workshop find their files without importing the CLI
(:mod:`loket`).  May import only the standard library.
"""
