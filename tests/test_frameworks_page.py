"""AppTest for the Frameworks page: widgets by key, the window drawn, each framework's
layer, code and live verdict (Keras, JAX and ONNX run for real when installed)."""

import importlib.util

import pytest
from streamlit.testing.v1 import AppTest

from tconv.ui.sharing import find_copy_boxes
from tests.apptest import APP, shown, svg_numbers

SAME = '"same" (Keras, JAX, TensorFlow; ONNX SAME_UPPER)'
K3S2 = {"x": "1,2,0;0,1,2;2,0,1", "k": "1,2,3;4,5,6;7,8,9", "s": "2", "p": "1", "a": "1"}
LIVE = [m for m in ("keras", "jax", "onnxruntime") if importlib.util.find_spec(m)]


def page(query=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)  # Keras' first import is slow
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page("pages/frameworks.py").run()


def table(at) -> dict[str, dict]:
    return at.table[0].value.to_dict("index")


def html(at) -> str:
    return " ".join(shown(at))


def test_default_every_installed_framework_gives_tconvs_numbers():
    at = page()
    assert not at.exception and not at.error
    rows = table(at)
    assert list(rows) == ["PyTorch", "Keras 3", "JAX", "TensorFlow", "ONNX"]
    assert rows["PyTorch"]["verdict"] == "same ✅"
    for name, module in (("Keras 3", "keras"), ("JAX", "jax"), ("ONNX", "onnxruntime")):
        assert rows[name]["verdict"] == ("same ✅" if module in LIVE else "not installed")
    assert len(find_copy_boxes(at)) == 5  # one runnable script per framework


def test_pytorch_padding1_output_padding1_needs_a_crop_in_keras():
    at = page(K3S2)
    assert not at.exception and not at.error
    rows = table(at)
    assert "padding=1, output_padding=1" in rows["PyTorch"]["layer"]
    assert rows["Keras 3"]["layer"].endswith("+ cut the first row; cut the first column")
    assert rows["ONNX"]["layer"].startswith("ConvTranspose(pads=[1, 1, 0, 0]")
    assert "cuts row 0; cuts column 0" in html(at)
    assert "same&quot; (Keras, JAX, TF)" in html(at)  # the look-alike drawn beside it


@pytest.mark.skipif(not LIVE, reason="no framework besides torch installed")
def test_same_kernel3_stride2_cuts_the_last_row_and_pytorch_slices():
    at = page(K3S2)
    at.radio(key="fw_source").set_value(SAME).run()
    assert not at.exception and not at.error
    rows = table(at)
    assert rows["PyTorch"]["layer"].endswith("+ cut the last row; cut the last column")
    assert 'padding="same"' in rows["Keras 3"]["layer"]
    assert 'padding="SAME"' in rows["JAX"]["layer"]
    assert 'auto_pad="SAME_UPPER"' in rows["ONNX"]["layer"]
    assert all(r["verdict"] in ("same ✅", "not installed") for r in rows.values())
    warning = " ".join(w.value for w in at.warning)
    assert "padding=(1, 1), output_padding=(1, 1)" in warning and "shifted" in warning
    assert "padding=(1, 1), output_padding=(1, 1)" in html(at)  # its canvas
    assert "cuts row 6; cuts column 6" in html(at)  # the 7x7 canvas loses its last row/column
    torch_code = find_copy_boxes(at)[0]
    assert "y = y[:, :, :-1, :-1]" in torch_code


def test_keras_says_why_it_cannot_with_stride_and_dilation():
    at = page({**K3S2, "d": "2"})
    assert not at.exception
    assert table(at)["Keras 3"]["verdict"] == "cannot"
    assert any("dilation_rate > 1" in w.value for w in at.warning)


def test_live_checks_can_be_turned_off():
    at = page()
    at.toggle(key="fw_live").set_value(False).run()
    assert not at.exception
    assert {r["verdict"] for r in table(at).values()} == {"not run"}


def test_keras_channels_first_code():
    at = page()
    at.radio(key="fw_keras_format").set_value("channels_first").run()
    assert not at.exception and not at.error
    assert 'data_format="channels_first"' in find_copy_boxes(at)[1]
    assert table(at)["Keras 3"]["verdict"] in ("same ✅", "not installed")


def test_no_odd_cut_warning_for_a_symmetric_window():
    at = page({**K3S2, "a": "0"})
    assert not at.exception
    assert not [w for w in at.warning if "odd" in w.value]


def test_weight_section_lists_layouts_and_draws_the_rotated_kernel():
    at = page(K3S2)
    assert not at.exception
    weights = at.table[1].value.to_dict()["weight"]
    assert weights["Keras 3"].startswith("kernel (kH, kW, C_out, C_in)")
    assert "no flip" in weights["ONNX"] and "::-1" in weights["JAX"]
    assert svg_numbers(html(at), "weight[0, 0] (no flip)") == list(range(1, 10))
    assert svg_numbers(html(at), "rotated 180° (gather view)") == list(range(9, 0, -1))
