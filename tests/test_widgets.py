import numpy as np

from course_lib.widgets import neuron_fires, neuron_widget, plot_neuron

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND_Y = np.array([0, 0, 0, 1])


def test_neuron_fires_implements_and():
    assert neuron_fires(AND_X, (1, 1), -1.5).tolist() == [0, 0, 0, 1]
    assert neuron_fires(AND_X, (1, 1), -0.5).tolist() == [0, 1, 1, 1]  # OR


def test_plot_neuron_counts_mistakes():
    assert plot_neuron(1, 1, -1.5, AND_X, AND_Y).mistakes == 0
    ax = plot_neuron(1, 1, -0.5, AND_X, AND_Y)
    assert ax.mistakes == 2 and "mistakes: 2 of 4" in ax.get_title()
    assert plot_neuron(0, 0, 1).mistakes is None  # no data, no line: still draws


def test_widget_has_three_sliders():
    w = neuron_widget(AND_X, AND_Y)
    names = [c.description for c in w.children[:3]]
    assert names == ["w1", "w2", "b"]
    w.children[2].value = -1.5  # moving a slider redraws without error
    assert w.kwargs == {"w1": 1.0, "w2": 1.0, "b": -1.5}


def test_plot_softmax_shows_probabilities_loss_and_gradient():
    import pytest

    from course_lib.widgets import plot_softmax, softmax_scores

    p = softmax_scores([2.0, 1.0, 0.1])
    assert np.allclose(p, [0.659, 0.2424, 0.0986], atol=1e-4)
    assert np.isfinite(softmax_scores([1000.0, 999.0])).all()  # stable for large scores
    ax = plot_softmax([2.0, 1.0, 0.1], target=0)
    assert round(ax.loss, 3) == 0.417
    assert np.allclose(ax.grad, p - [1, 0, 0]) and abs(ax.grad.sum()) < 1e-12
    with pytest.raises(ValueError):
        plot_softmax([1.0, 2.0], target=2)


def test_softmax_widget_redraws():
    from course_lib.widgets import softmax_widget

    w = softmax_widget((1.0, 0.0, -1.0), target=1)
    assert [c.description for c in w.children[:4]] == ["target", "z0", "z1", "z2"]
    w.children[1].value = 3.0
    assert w.kwargs["z0"] == 3.0 and w.kwargs["target"] == 1
