"""Share links: round trips, and hostile or malformed values falling back to defaults."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.app.config import Config
from tconv.app.sharelink import decode, encode, query_string


@settings(max_examples=100)
@given(
    xs=st.tuples(st.integers(1, 8), st.integers(1, 8)),
    ks=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    s=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    seed=st.integers(0, 1000),
    bias=st.sampled_from([0.0, -1.5, 2.0, 0.125]),
)
def test_round_trip(xs, ks, s, seed, bias):
    rng = np.random.default_rng(seed)
    cfg = Config(
        x=rng.integers(-9, 10, xs).astype(float),
        kernel=rng.integers(-9, 10, ks).astype(float) / 4,
        stride=s,
        padding=(0, 0),
        output_padding=(s[0] - 1, 0),
        dilation=(1, 2),
        bias=bias,
    )
    back, warnings = decode(encode(cfg))
    assert warnings == []
    assert back == cfg


def test_query_string_is_readable():
    assert query_string(Config()) == "x=0,1;2,3&k=4,1;2,3&s=2&p=0&a=0&d=1&b=0"


HOSTILE = {
    "x": "1,2;3",  # ragged
    "k": "nan,1;1,1",
    "s": "99",
    "p": "-1",
    "a": "<script>alert(1)</script>",
    "d": "1e309",
    "b": "inf",
}


def test_hostile_values_fall_back_with_one_warning_each():
    cfg, warnings = decode(HOSTILE)
    assert cfg == Config()
    assert len(warnings) == len(HOSTILE)
    assert all("Ignored" in w for w in warnings)


def test_huge_and_odd_inputs_never_raise():
    for q in (
        {"x": "1," * 100_000},
        {"x": ";;;"},
        {"x": ""},
        {"k": "1,1,1,1,1,1;1,1,1,1,1,1"},  # 2x6 kernel: too wide
        {"x": ["1,2", "3,4"]},  # repeated parameter: the first one counts
        {"s": "2,2,2"},
        {"b": "1" * 5000},
        {"unknown": "whatever"},
    ):
        cfg, _ = decode(q)
        assert isinstance(cfg, Config)
    assert decode({"x": ["5,6", "7,8"]})[0].x.tolist() == [[5.0, 6.0]]


def test_impossible_combination_resets_the_parameters():
    cfg, warnings = decode({"s": "1", "a": "1"})  # output_padding 1 >= stride 1, dilation 1
    assert (cfg.stride, cfg.output_padding) == ((2, 2), (0, 0))
    assert "impossible" in warnings[0]
    cfg, warnings = decode({"x": "5", "k": "1", "p": "3"})  # 1x1 input, 1x1 kernel, p=3
    assert cfg.padding == (0, 0) and cfg.x.tolist() == [[5.0]]
