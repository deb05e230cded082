"""The coaching loop in the app: the coach window and the rep-side pieces (see docs/coaching.md)."""
