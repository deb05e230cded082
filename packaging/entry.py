"""Entry point of the frozen build: the same as ``simulator`` / ``python -m simulator``."""

from simulator.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
