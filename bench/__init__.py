"""Benchmarks run by ``make bench`` (``python -m bench``): the engine against PyTorch and
the scatter reference, then the app-level figures of every ``bench/app_*.py`` module."""
