"""The Photo page's layer record: its cache key is a full digest of what it computes with."""

import dataclasses

import numpy as np
import pytest

from tconv.photo.upsample import upsample
from tconv.photo.upsample_kernels import preset_weight
from tconv.ui.photo_settings import Layer, Settings

BASE = Settings("bilinear", False, "Sepia", 2, 1, 0, 1, False)


def test_the_layer_is_the_presets_weight_and_the_chosen_parameters():
    layer = Layer.of(BASE)
    weight, groups = preset_weight("bilinear", 2, False, "Sepia", 3, 0, None)
    np.testing.assert_array_equal(layer.weight, weight)
    assert (layer.groups, layer.stride, layer.padding, layer.output_padding) == (groups, 2, 1, 0)
    assert (layer.dilation, layer.normalise, layer.resample) == (1, False, "bilinear")
    assert Layer.of(dataclasses.replace(BASE, preset="nearest", padding=0)).resample == "nearest"


@pytest.mark.parametrize(
    "change",
    [
        dict(stride=3), dict(padding=0), dict(output_padding=1), dict(dilation=2),
        dict(normalise=True), dict(mixing=True), dict(preset="nearest"),
    ],
)  # fmt: skip
def test_every_setting_that_changes_the_result_changes_the_key(change):
    assert Layer.of(dataclasses.replace(BASE, **change)).key != Layer.of(BASE).key


def test_the_key_reads_every_weight_value_its_shape_and_dtype():
    layer = Layer.of(BASE)
    assert Layer.of(BASE).key == layer.key  # equal layers, equal keys
    w = layer.weight.copy()
    w.flat[-1] += 1e-7  # one value in the last place
    assert dataclasses.replace(layer, weight=w).key != layer.key
    flat = layer.weight.reshape(layer.weight.shape[0], -1, *layer.weight.shape[3:])
    assert dataclasses.replace(layer, weight=flat).key != layer.key  # same bytes, new shape
    as64 = layer.weight.astype(np.float64)
    assert dataclasses.replace(layer, weight=as64).key != layer.key


def test_the_layer_upsamples_as_upsample_does():
    pixels = np.random.default_rng(0).random((6, 5, 3), dtype=np.float32)
    layer = Layer.of(BASE)
    got = layer.upsample(pixels)
    want = upsample(pixels, layer.weight, layer.groups, 2, 1, 0, 1, False, "bilinear")
    np.testing.assert_array_equal(got.image, want.image)
    assert got.output_hw == want.output_hw
