"""Reusable widgets. Every label that can carry author text is plain text."""
