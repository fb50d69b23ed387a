"""tconv.app.config: the Playground's limits, and fits() agreeing with the share link's codec."""

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tconv.app.config import LIMITS, Config, fits, playground_config
from tconv.app.sharelink import decode, encode


def test_playground_config_fits_the_share_link_or_is_none():
    x = np.arange(9.0).reshape(3, 3)
    cfg = playground_config(3, 2, 2, 1, 1, x=x, kernel=np.eye(3))
    np.testing.assert_array_equal(cfg.x, x)  # given grids are kept when the shapes fit
    np.testing.assert_array_equal(cfg.kernel, np.ones((2, 2)))  # else ones
    assert (cfg.stride, cfg.padding, cfg.output_padding) == ((2, 2), (1, 1), (1, 1))
    assert decode(encode(cfg)) == (cfg, [])
    assert playground_config(9, 3) is None  # input larger than the Playground's
    assert playground_config(4, 6) is None  # kernel larger
    assert playground_config(4, 3, padding=7) is None
    assert playground_config(1, 1, padding=1) is None  # impossible output size
    assert playground_config(0, 1) is None
    assert playground_config(3, 2, np.int64(2)) is not None  # numpy ints are ints


# Values a link cannot keep: too many digits, beyond ±1000, infinite.
BAD_VALUES = [1 / 3, 1e-7, 999.9995, 1000.5, -1200.0, float("inf")]
CHANGES = ["none", "none", "cell", "bias", "x shape", "kernel shape", "parameter"]


@st.composite
def configs(draw):
    """A configuration within the Playground's limits, then at most one change that may leave
    them (a value, a shape or a parameter one step out); the output may still be impossible."""
    i = st.integers
    small = st.one_of(i(-3, 3).map(float), st.sampled_from([0.5, -2.25, 1000.0, -1000.0]))

    def grid(h, w):
        return np.array(draw(st.lists(small, min_size=h * w, max_size=h * w))).reshape(h, w)

    change = draw(st.sampled_from(CHANGES))
    xh, xw = draw(i(1, 8)), draw(i(1, 8))
    kh, kw = draw(i(1, 5)), draw(i(1, 5))
    if change == "x shape":
        xh = draw(st.sampled_from([0, 9]))
    if change == "kernel shape":
        kw = draw(st.sampled_from([0, 6]))
    x, kernel = grid(xh, xw), grid(kh, kw)
    if change == "cell" and x.size:
        x[draw(i(0, xh - 1)), draw(i(0, xw - 1))] = draw(st.sampled_from(BAD_VALUES))
    params = {
        "stride": (draw(i(1, 4)), draw(i(1, 4))),
        "padding": (draw(i(0, 1)), draw(i(0, 6))),
        "output_padding": (draw(i(0, 1)), draw(i(0, 3))),
        "dilation": (draw(i(1, 3)), draw(i(1, 3))),
    }
    if change == "parameter":
        name = draw(st.sampled_from(sorted(LIMITS)))
        lo, hi = LIMITS[name]
        params[name] = (params[name][0], draw(st.sampled_from([lo - 1, hi + 1])))
    bias = draw(st.sampled_from(BAD_VALUES)) if change == "bias" else draw(small)
    return Config(x=x, kernel=kernel, bias=bias, **params)


@settings(max_examples=300, deadline=None)
@given(configs())
def test_fits_is_exactly_what_a_share_link_keeps(cfg):
    """fits() is written without the codec; it must agree with a round trip through it."""
    fit = fits(cfg)
    assert fit == (decode(encode(cfg)) == (cfg, []))
    event(f"fits: {fit}")


def test_the_server_does_not_watch_its_source_files(monkeypatch):
    """What `make run`, `make cluster`, the bench and the browser tests serve: Streamlit's
    file watcher off (with it, a Playground edit cost the server about ten times the CPU:
    README, "One server for a class"). Read as `streamlit run` reads it, from the
    project's .streamlit/config.toml."""
    from streamlit import config

    from classroom.server import ROOT, command

    monkeypatch.chdir(ROOT)
    try:
        config.get_config_options(force_reparse=True)
        assert config.get_option("server.fileWatcherType") == "none"
        assert config.get_option("server.runOnSave") is False
    finally:
        monkeypatch.undo()
        config.get_config_options(force_reparse=True)
    # the servers the tests and the bench start take it from there, not from a flag of their own
    assert not any("fileWatcherType" in a for a in command(8501))
