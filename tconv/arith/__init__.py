"""Layer 3, arith: shape arithmetic, the reverse solver and kernel-overlap counts (1D rules).

Built on tconv.core only.
"""
