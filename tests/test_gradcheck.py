import numpy as np
import pytest

from course_lib.gradcheck import (
    check_gradient,
    numerical_gradient,
    numerical_gradient_array,
    rel_error,
)

rng = np.random.default_rng(0)


def test_rel_error():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert rel_error([1.0], [3.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        rel_error(np.ones(2), np.ones(3))


def test_sum_of_squares():
    x = rng.standard_normal((4, 3))
    num = numerical_gradient(lambda v: np.sum(v**2), x)
    assert rel_error(num, 2 * x) < 1e-8


def test_sigmoid_gradient_at_4_matches_worked_example():
    # syllabus ch. 3: sigma'(4) = sigma(4)(1 - sigma(4)) = 0.017663...
    x = np.array([4.0])
    num = numerical_gradient(lambda v: 1 / (1 + np.exp(-v[0])), x)
    s = 1 / (1 + np.exp(-4.0))
    assert rel_error(num, [s * (1 - s)]) < 1e-8
    assert num[0] == pytest.approx(0.017663, abs=1e-6)


def test_point_is_restored():
    x = rng.standard_normal(5)
    before = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    assert np.array_equal(x, before)


def test_array_version_on_affine_layer():
    x = rng.standard_normal((3, 4))
    w = rng.standard_normal((4, 2))
    dout = rng.standard_normal((3, 2))
    dx_num = numerical_gradient_array(lambda v: v @ w, x, dout)
    dw_num = numerical_gradient_array(lambda v: x @ v, w, dout)
    assert check_gradient(dout @ w.T, dx_num, name="dx") < 1e-8
    assert check_gradient(x.T @ dout, dw_num, name="dw") < 1e-8


def test_wrong_gradient_fails(capsys):
    x = rng.standard_normal(6)
    num = numerical_gradient(lambda v: np.sum(v**3), x)
    wrong = 2 * x**2  # should be 3 x^2
    with pytest.raises(AssertionError, match="exceeds"):
        check_gradient(wrong, num, name="d(x^3)")
    assert "FAILED" in capsys.readouterr().out


def test_float32_is_refused():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(np.sum, np.ones(3, dtype=np.float32))
