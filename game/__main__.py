"""``python -m game [options]`` is ``loket play [options]``."""

import sys

from loket.cli import app

if __name__ == "__main__":
    app(["play", *sys.argv[1:]], prog_name="loket")
