"""Use cases: plain functions over a session (or repositories) and plain values."""
