"""Chapter 13's figures (course_lib.plots), drawn headlessly, and the numbers they compute."""

import matplotlib.pyplot as plt
import numpy as np

from course_lib.plots import (
    VGG_STACK,
    draw_augmentation_pipeline,
    draw_cat_dropout,
    draw_dropout_net,
    draw_transfer_stacks,
    draw_transfer_table,
    dropout_masks,
    plot_learning_curves,
    plot_poly_fits,
)


def test_poly_fits_degree_n_minus_1_passes_through_every_point():
    rng = np.random.default_rng(0)
    x = np.linspace(0, 1, 8)
    y = np.sin(2 * np.pi * x) + 0.2 * rng.standard_normal(8)
    fig = plot_poly_fits(x, y, degrees=(1, 3, 7), x_val=x + 0.03, y_val=y, truth=np.sin)
    assert len(fig.axes) == 3
    assert np.allclose(np.polyval(fig.fits[7], x), y, atol=1e-6)
    assert np.mean((np.polyval(fig.fits[1], x) - y) ** 2) > 0.01
    assert "held-out MSE" in fig.axes[0].get_title()
    assert all(ax.get_xlabel() == "x" for ax in fig.axes)
    assert fig.axes[0].get_legend() is not None
    plt.close(fig)


def test_learning_curves_two_lines_log_axis_and_bands():
    sd = [0.02, 0.01, 0.01]
    ax = plot_learning_curves([100, 200, 400], [1.0, 0.9, 0.85], [0.6, 0.7, 0.78], train_sd=sd,
                              val_sd=sd, title="t")  # fmt: skip
    assert ax.get_xscale() == "log" and len(ax.get_lines()) == 2
    assert len(ax.collections) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["training", "validation"]
    plt.close(ax.figure)


def test_dropout_masks_keep_input_and_output_layers():
    for seed in range(20):
        masks = dropout_masks((4, 5, 5, 2), p=0.9, seed=seed)
        assert masks[0].all() and masks[-1].all()
        assert all(m.any() for m in masks)
    rates = [1 - dropout_masks((3, 1000, 3), 0.5, s)[1].mean() for s in range(5)]
    assert abs(np.mean(rates) - 0.5) < 0.03


def test_dropout_net_removes_the_edges_of_dropped_units():
    fig = draw_dropout_net((4, 5, 5, 2), p=0.5, seed=1)
    m = fig.masks
    full_edges = 4 * 5 + 5 * 5 + 5 * 2
    kept_edges = 4 * m[1].sum() + m[1].sum() * m[2].sum() + m[2].sum() * 2
    edges = [len([ln for ln in ax.get_lines() if ln.get_color() == "0.55"]) for ax in fig.axes]
    assert edges == [full_edges, kept_edges]
    assert "p = 0.5" in fig.axes[1].get_title()
    plt.close(fig)


def test_cat_pipeline_and_transfer_figures_draw():
    ax = draw_cat_dropout(dropped=(0, 4))
    texts = [t.get_text() for t in ax.texts]
    assert "has an ear" in texts and "cat\nscore" in texts
    plt.close(ax.figure)
    ax = draw_augmentation_pipeline()
    assert any("transform" in t.get_text() for t in ax.texts)
    plt.close(ax.figure)
    fig = draw_transfer_stacks(trained=(1, 4))
    assert len(fig.axes) == 2
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count("FC-C") == 1 and "train\nthese" in texts and "freeze\nthese" in texts
    assert len(VGG_STACK) == len(fig.axes[0].patches)
    plt.close(fig)
    ax = draw_transfer_table()
    assert any("you're in trouble" in t.get_text() for t in ax.texts)
    plt.close(ax.figure)


def test_learning_curves_label_the_sizes_themselves():
    ax = plot_learning_curves([180, 540, 5400], [1.0, 1.0, 1.0], [0.8, 0.86, 0.93])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["180", "540", "5,400"]
    assert len(ax.xaxis.get_minorticklocs()) == 0
    plt.close(ax.figure)
