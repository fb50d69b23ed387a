"""Share links: round trips, and hostile or malformed values falling back to defaults."""

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.app import sharelink
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


def test_hostile_values_fall_back_with_one_warning_each_naming_the_parameter():
    cfg, warnings = decode(HOSTILE)
    assert cfg == Config()
    assert len(warnings) == len(HOSTILE)
    for w, name in zip(warnings, ("input x", "kernel K", "stride", "padding",
                                  "output_padding", "dilation", "bias"), strict=True):  # fmt: skip
        assert w.startswith(name), (w, name)


OWN_WORDS = Path(sharelink.__file__).read_text()  # a word may be the module's own
MARKUP = [
    "[Session expired - click](http://x)",
    "![t](http://x/t.png)",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ $x^2$ :red[red] :material/home:",
    "http://example.org/steal",
]


@given(text=st.sampled_from(MARKUP) | st.text(max_size=60), key=st.sampled_from("xksbpad"))
@settings(max_examples=200)
def test_messages_never_repeat_the_links_text(text, key):
    """A page shows these messages: a crafted link must not get its words (or markup) in."""
    _, warnings = decode({key: text})
    allowed = set("0123456789,.·-+×() ;:±…")
    for w in warnings:
        for word in text.split():
            if len(word) > 2 and not set(word) <= allowed and word not in OWN_WORDS:
                assert word not in w, (word, w)
        assert "http" not in w and "<" not in w and "[" not in w


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


def test_only_the_parameter_that_breaks_a_rule_falls_back():
    # output_padding 1 is not smaller than stride 1 or dilation 1: only a falls back
    cfg, warnings = decode({"s": "1", "d": "1", "a": "1", "p": "1"})
    assert (cfg.stride, cfg.dilation, cfg.padding) == ((1, 1), (1, 1), (1, 1))
    assert cfg.output_padding == (0, 0)
    assert len(warnings) == 2  # one per axis
    assert "output_padding (a) = 1 (height)" in warnings[0]
    assert "smaller than stride (1) or dilation (1)" in warnings[0]
    # a 1x1 input and kernel with p=3 leave no output: only padding falls back
    cfg, warnings = decode({"x": "5", "k": "1", "p": "3", "s": "3"})
    assert cfg.padding == (0, 0) and cfg.x.tolist() == [[5.0]] and cfg.stride == (3, 3)
    assert "padding (p) = 3 (height) leaves no output" in warnings[0]
    assert "it must be at least 1" in warnings[0]


def test_one_bad_axis_keeps_the_other():
    cfg, warnings = decode({"s": "3,1", "a": "2,1"})  # a_w = 1 breaks a < s or d; a_h is fine
    assert cfg.stride == (3, 1) and cfg.output_padding == (2, 0)
    assert len(warnings) == 1 and "(width)" in warnings[0]
