"""Layer 1, core: the parameters, the output-size arithmetic, the scatter plan, the torch oracle.

Imports nothing else from tconv (numpy only; torch lazily in crosscheck).
"""
