"""The inverse solver: every answer is right (formula and torch), none is missed, order."""

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.arith.overlap import overlap_verdict
from tconv.arith.solver import Solution, solve
from tconv.core.params import output_size


def torch_output_size(i: int, sol: Solution) -> int:
    """Run torch's conv_transpose2d on zeros of size i x i and read the output height."""
    x = torch.zeros(1, 1, i, i)
    w = torch.zeros(1, 1, sol.kernel, sol.kernel)
    y = F.conv_transpose2d(
        x,
        w,
        stride=sol.stride,
        padding=sol.padding,
        output_padding=sol.output_padding,
        dilation=sol.dilation,
    )
    assert y.shape[2] == y.shape[3]
    return y.shape[2]


limits = st.fixed_dictionaries(
    {
        "max_kernel": st.integers(1, 7),
        "max_stride": st.integers(1, 4),
        "max_padding": st.integers(0, 6),
        "max_dilation": st.integers(1, 3),
    }
)


@settings(max_examples=60)
@given(i=st.integers(1, 10), o=st.integers(1, 30), lim=limits)
def test_every_solution_is_right_according_to_the_formula_and_torch(i, o, lim):
    sols = solve(i, o, **lim)
    assert len(set(sols)) == len(sols)
    for sol in sols:
        args = (sol.kernel, sol.stride, sol.padding, sol.output_padding, sol.dilation)
        assert output_size(i, *args) == o
        assert torch_output_size(i, sol) == o
        assert sol.kernel <= lim["max_kernel"] and sol.stride <= lim["max_stride"]
        assert sol.padding <= lim["max_padding"] and sol.dilation <= lim["max_dilation"]
        assert sol.overlap == overlap_verdict(sol.kernel, sol.stride, sol.dilation).kind


def brute_force(i: int, o: int, kmax: int, smax: int, pmax: int, dmax: int) -> set[tuple]:
    """Every (k, s, p, a, d) within the limits that PyTorch accepts and that gives o."""
    found = set()
    for k in range(1, kmax + 1):
        for s in range(1, smax + 1):
            for p in range(pmax + 1):
                for d in range(1, dmax + 1):
                    for a in range(0, 6):  # past every a PyTorch allows here (a < 4)
                        try:
                            if output_size(i, k, s, p, a, d) == o:
                                found.add((k, s, p, a, d))
                        except ValueError:
                            pass
    return found


@settings(max_examples=80)
@given(i=st.integers(1, 6), o=st.integers(1, 20), lim=limits)
def test_for_small_sizes_the_solver_misses_nothing(i, o, lim):
    names = ("max_kernel", "max_stride", "max_padding", "max_dilation")
    expected = brute_force(i, o, *(lim[n] for n in names))
    got = {
        (x.kernel, x.stride, x.padding, x.output_padding, x.dilation) for x in solve(i, o, **lim)
    }
    assert got == expected


def test_a_known_case_has_the_classic_answers_with_even_overlap_first():
    sols = solve(4, 8)
    assert sols[0] == Solution(2, 2, 0, 0, 1, "even")
    assert Solution(4, 2, 1, 0, 1, "even") in sols  # the k=2s, p=s/2 upsampler
    assert Solution(3, 2, 1, 1, 1, "checkerboard") in sols
    kinds = [x.overlap for x in sols]
    order = {"even": 0, "checkerboard": 1, "holes": 2}
    assert kinds == sorted(kinds, key=order.get)
    assert {"even", "checkerboard", "holes"} <= set(kinds)


@settings(max_examples=50)
@given(i=st.integers(1, 8), o=st.integers(1, 24))
def test_solutions_are_sorted_even_first_then_simplest(i, o):
    sols = solve(i, o)
    assert [x.sort_key() for x in sols] == sorted(x.sort_key() for x in sols)
    evens = [x for x in sols if x.overlap == "even"]
    assert sols[: len(evens)] == tuple(evens)
    plain = [x for x in evens if x.dilation == 1 and x.output_padding == 0]
    assert evens[: len(plain)] == plain  # no dilation, no output_padding come first


def test_no_solution_within_the_limits_gives_an_empty_tuple():
    assert solve(5, 3, max_padding=0) == ()  # shrinking needs padding
    assert solve(5, 3, max_padding=1) != ()


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 4), {}, "input size must be at least 1"),
        ((4, 0), {}, "output size must be at least 1"),
        ((4.5, 8), {}, "input size must be a whole number"),
        ((True, 8), {}, "input size must be a whole number"),
        ((4, "8"), {}, "output size must be a whole number"),
        ((4, 8), {"max_kernel": 0}, "largest kernel must be at least 1"),
        ((4, 8), {"max_stride": 0}, "largest stride must be at least 1"),
        ((4, 8), {"max_padding": -1}, "largest padding must be at least 0"),
        ((4, 8), {"max_dilation": 0}, "largest dilation must be at least 1"),
    ],
)
def test_bad_inputs_raise_clear_value_errors(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        solve(*args, **kwargs)
