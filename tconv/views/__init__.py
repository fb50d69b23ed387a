"""Layer 3, views: the four ways to see one transposed convolution, channels, autograd.

Pure NumPy data for the pages to draw; built on tconv.core and tconv.engine.
"""
