"""Layer 2, engine: ``conv_transpose2d`` with PyTorch's signature and the fast engine behind it.

functional (validation, reference loop, public call) < run (chunks, threads, products) built on
plan (phases and taps per axis) and blas (direct gemm calls). Imports only tconv.core.
"""
