"""Cancelflow tests; a package so `tests.servers` and `pipeline` import from the repo root."""
