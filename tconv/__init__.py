"""tconv: 2D transposed convolution (PyTorch's ConvTranspose2d) explained in NumPy.

The library is pure NumPy plus rendering helpers; only ``tconv.ui`` imports streamlit.
"""

from tconv.core.params import TConvParams, as_pair, output_size
from tconv.core.scatter import ScatterPlan, ScatterStep, scatter_plan
from tconv.engine.functional import conv_transpose2d, conv_transpose2d_reference

__all__ = [
    "ScatterPlan",
    "ScatterStep",
    "TConvParams",
    "as_pair",
    "conv_transpose2d",
    "conv_transpose2d_reference",
    "output_size",
    "scatter_plan",
]
