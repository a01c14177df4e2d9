"""Chapter 10's figures (course_lib.plots): the broadcasting diagram, the matrix-multiply
timing plot and the matrix-multiply parallelism diagram, drawn headlessly."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib import patches

from course_lib.plots import (
    COLORS,
    draw_broadcast,
    draw_matmul_parallel,
    matmul_gflops,
    plot_matmul_timing,
)


def cell_texts(ax):
    return [t.get_text() for t in ax.texts]


def test_draw_broadcast_draws_both_sides_stretched_and_the_result():
    a = torch.tensor([[0.0], [10.0], [20.0]])  # (3, 1)
    b = torch.tensor([0.0, 1.0, 2.0, 3.0])  # (4,)
    ax = draw_broadcast(a, b, title="a column plus a row")
    rects = [p for p in ax.patches if isinstance(p, patches.Rectangle)]
    assert len(rects) == 3 * 3 * 4, "a, b and the result, each drawn as 3 x 4 cells"
    solid = [r for r in rects if r.get_alpha() > 0.5]
    assert len(solid) == 3 + 4 + 12, "own cells solid: a's 3, b's 4 and the result's 12"
    texts = cell_texts(ax)
    assert "23" in texts and "a: (3, 1)" in texts and "b: (4,)" in texts
    assert "a + b: (3, 4)" in texts
    assert ax.get_title() == "a column plus a row"
    plt.close("all")


def test_draw_broadcast_handles_scalars_numpy_and_other_operators():
    ax = draw_broadcast(np.array([[1, 2], [3, 4]]), 10, op="*")
    texts = cell_texts(ax)
    assert {"10", "20", "30", "40"} <= set(texts) and "×" in texts
    assert "b: ()" in texts
    plt.close("all")


def test_draw_broadcast_refuses_incompatible_shapes_and_unknown_ops():
    with pytest.raises(ValueError, match="do not broadcast"):
        draw_broadcast(np.ones(5), np.ones(4))
    with pytest.raises(ValueError, match="op must be"):
        draw_broadcast(np.ones(2), np.ones(2), op="/")
    with pytest.raises(ValueError, match="2-D"):
        draw_broadcast(np.ones((2, 2, 2)), np.ones(2))
    plt.close("all")


def test_matmul_gflops_counts_two_n_cubed():
    assert matmul_gflops(1000, 2.0) == pytest.approx(1.0)
    assert np.allclose(matmul_gflops([10, 100], [1e-6, 1e-3]), [2.0, 2.0])


def test_plot_matmul_timing_draws_time_and_rate():
    runs = {
        "cpu, float32": ([64, 128, 256], [1e-5, 6e-5, 4e-4]),
        "cpu, float64": ([64, 128, 256], [2e-5, 1.2e-4, 8e-4]),
    }
    fig = plot_matmul_timing(runs, title="timings")
    left, right = fig.axes
    assert left.get_xscale() == "log" and left.get_yscale() == "log"
    assert right.get_xscale() == "log"
    assert len(left.lines) == 3, "two runs and the n^3 guide"
    rate = right.lines[0].get_ydata()
    assert np.allclose(rate, matmul_gflops([64, 128, 256], [1e-5, 6e-5, 4e-4]))
    guide = left.lines[-1].get_ydata()
    assert np.isclose(guide[-1], 4e-4) and np.isclose(guide[0], 4e-4 / 64)
    assert left.get_xlabel() and left.get_ylabel() and right.get_ylabel()
    assert fig._suptitle.get_text() == "timings"
    plt.close("all")


def test_plot_matmul_timing_accepts_runs_of_different_sizes_and_given_axes():
    fig, axes = plt.subplots(1, 2)
    runs = {"cpu": ([32, 64], [1e-6, 8e-6]), "cuda": ([32, 64, 128, 256], [1e-5] * 4)}
    assert plot_matmul_timing(runs, axes=axes) is fig
    assert len(axes[1].lines) == 2
    plt.close("all")


def test_plot_matmul_timing_rate_axis_turns_log_when_one_run_is_far_faster():
    sizes = [256, 512, 1024]
    cpu = (sizes, [2 * n**3 / 100e9 for n in sizes])  # 100 GFLOP/s
    close = (sizes, [2 * n**3 / 150e9 for n in sizes])  # 1.5 times as fast: linear axis
    far = (sizes, [2 * n**3 / 5000e9 for n in sizes])  # 50 times as fast: log axis
    fig = plot_matmul_timing({"cpu": cpu, "cpu 2": close})
    assert fig.axes[1].get_yscale() == "linear" and fig.axes[1].get_ylim()[0] == 0
    fig = plot_matmul_timing({"cpu": cpu, "gpu": far})
    assert fig.axes[1].get_yscale() == "log" and "log" in fig.axes[1].get_ylabel()
    fig = plot_matmul_timing({"cpu": cpu, "gpu": far}, log_rate_above=100)
    assert fig.axes[1].get_yscale() == "linear"
    plt.close("all")


def test_draw_matmul_parallel_lights_rows_columns_and_entries():
    n, cells = 5, [(0, 3), (2, 0), (4, 2)]
    ax = draw_matmul_parallel(n, cells, title="parallel")
    rects = [p for p in ax.patches if isinstance(p, patches.Rectangle)]
    assert len(rects) == 3 * n * n, "A, B and C, each n x n"
    coloured = [r for r in rects if r.get_facecolor()[:3] != (1.0, 1.0, 1.0)]
    assert len(coloured) == 3 * n + 3 * n + 3, "a row of A, a column of B, an entry of C each"
    texts = cell_texts(ax)
    assert "C[2, 0] = row 2 of A · column 0 of B" in texts
    assert any(f"all {n * n} entries" in t for t in texts)
    assert {"A", "B", "C", "×", "="} <= set(texts)
    assert ax.get_title() == "parallel"
    first = [t for t in ax.texts if t.get_text().startswith("C[0, 3]")][0]
    assert first.get_color() == COLORS[0]
    plt.close("all")


def test_draw_matmul_parallel_refuses_bad_cells():
    with pytest.raises(ValueError, match="lie in"):
        draw_matmul_parallel(3, [(0, 3)])
    with pytest.raises(ValueError, match="between 1"):
        draw_matmul_parallel(3, [])
    plt.close("all")
