"""One transposed convolution in PyTorch, Keras 3, JAX, TensorFlow and ONNX.

Every framework returns a window of the full scatter canvas (:mod:`.window`); each sibling
module spells a window in its framework's arguments and back (``express`` and
``window_of``), says how its weight relates to PyTorch's, and what it cannot express.
:mod:`.code` writes a runnable script per framework; :mod:`.live` runs the real libraries,
imported only when called. Pure NumPy at import time.
"""

from tconv.frameworks import jax_form, keras_form, onnx_form, tf_form, torch_form
from tconv.frameworks.form import Form, extra_text
from tconv.frameworks.window import Layer, Window, apply_window, reference, torch_window

FORMS = {m.NAME: m for m in (torch_form, keras_form, jax_form, tf_form, onnx_form)}

__all__ = [
    "FORMS",
    "Form",
    "Layer",
    "Window",
    "apply_window",
    "extra_text",
    "reference",
    "torch_window",
]
