"""The judge's handling of the values a notebook gives, and the plain-value comparison it
uses, without running a notebook (tests/test_grading.py grades real submissions)."""

from pathlib import Path

import numpy as np
import pytest
import torch

from course_lib import grading_judge as judge
from course_lib.exercises import answer_names
from course_lib.grading_wire import same_value

REPO = Path(__file__).resolve().parents[1]


class FakeChannel(judge.Channel):
    """A channel whose notebook holds ``names``: ``get`` answers from it."""

    def __init__(self, names):
        self.names, self.asked = names, []
        self.forget_given()

    def request(self, op, args=(), kwargs=None, **fields):
        self.asked.append(fields["name"])
        if fields["name"] in self.names:
            return {"found": self.names[fields["name"]]}
        return {}


GIVEN = {"X": np.arange(6.0).reshape(2, 3), "DIMS": (1, 2, 10), "params": {"W": np.ones(2)}}


def env_with(notebook):
    return judge.RemoteEnv(FakeChannel(notebook), GIVEN)


def test_the_given_value_is_used_when_the_notebook_changed_it():
    env = env_with({"X": np.zeros((2, 3)), "DIMS": ()})
    assert np.array_equal(env.get("X"), GIVEN["X"]) and env.get("DIMS") == (1, 2, 10)
    assert env.changed == ["X", "DIMS"]
    assert env.channel.asked == ["X", "DIMS"]  # still asked: a change is reported


def test_a_missing_given_value_is_given_too():
    env = env_with({})
    assert env.get("DIMS") == (1, 2, 10) and env.changed == ["DIMS"]
    assert env.get("not_given", "default") == "default"


def test_the_notebooks_value_is_used_when_it_is_the_given_one():
    same = GIVEN["X"] * (1 + 1e-7)  # the last digits, as another number of threads gives
    env = env_with({"X": same, "DIMS": (1, 2, 10)})
    assert env.get("X") is same and env.get("DIMS") == (1, 2, 10) and env.changed == []


def test_each_test_gets_its_own_copy_of_a_given_value():
    env = env_with({})
    first = env.get("X")
    first[:] = -1  # a test (or a synced change) that writes into it
    assert np.array_equal(env.get("X"), GIVEN["X"]) and first is not env.get("X")


def test_the_learners_code_cannot_change_a_given_value_in_place():
    env = env_with({"params": {"W": np.ones(2)}})
    X, params = env.get("X"), env.get("params")
    channel = env.channel
    assert not channel._syncable(X) and not channel._syncable(X[:1]) and not channel._syncable(X.T)
    assert not channel._syncable(params) and not channel._syncable(params["W"])
    assert channel._syncable(np.ones(3))  # a test's own array is synced as before
    # memory shared another way, or a test's own list holding a given array
    assert not channel._syncable(torch.from_numpy(X)) and not channel._syncable([X[0], X[1]])
    assert channel._syncable([np.ones(2), np.zeros(2)])
    t = torch.ones(4)
    channel.protect(t)
    assert not channel._syncable(t[:2]) and not channel._syncable(t.view(2, 2))
    assert channel._syncable(torch.ones(2))


def test_the_next_test_starts_afresh():
    """Protection ends with the test; a later test's own array is synced even where it
    reuses the memory of an earlier test's given value."""
    env = env_with({})
    X = env.get("X")
    env.channel.forget_given()
    del X
    mine = np.zeros((2, 3))  # often at the address the given copy had
    assert env.channel._syncable(mine)


@pytest.mark.parametrize(
    "a, b, rtol, same",
    [
        (np.ones(3), np.ones(3), 0, True),
        (np.ones(3), np.ones(3) * (1 + 1e-6), 0, False),
        (np.ones(3), np.ones(3) * (1 + 1e-6), 1e-4, True),
        (np.ones(3), np.ones(3, dtype=np.float32), 0, False),
        (np.arange(3), np.arange(3) + 0, 1e-4, True),
        (np.arange(3), np.array([0, 1, 3]), 1e-4, False),
        (float("nan"), float("nan"), 0, True),
        (np.float32("nan"), np.float32("nan"), 0, True),
        ({1: 2}, {True: 2}, 0, False),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, 0, False),
        ([1, (2, "x")], [1, (2, "x")], 0, True),
        ((1, 2), [1, 2], 0, False),
        (torch.ones(2, dtype=torch.bfloat16), torch.ones(2, dtype=torch.bfloat16), 0, True),
        (torch.empty(2, device="meta"), torch.empty(2, device="meta"), 0, True),
        (torch.empty(2, device="meta"), torch.empty(3, device="meta"), 0, False),
        (torch.device("cpu"), torch.device("cpu"), 0, True),
        ({1, 2}, {2, 1}, 0, True),
        (b"ab", b"ab", 0, True),
        (object(), object(), 0, False),
    ],
)
def test_same_value(a, b, rtol, same):
    assert same_value(a, b, rtol) is same


def test_a_given_value_keeps_its_id_while_its_test_runs():
    env = env_with({})
    for _ in range(20):  # copies handed out and dropped by the test
        env.get("X")
    mine = np.zeros((2, 3))
    assert env.channel._syncable(mine)


def test_answer_names_are_what_the_solutions_bind_or_change():
    names = answer_names(REPO / "masters" / "ch05_knn_linear.ipynb")
    # the learner's functions and results, including a dict that the given code shows
    assert {"l2_distances", "knn_predict", "acc_5nn", "measured_mean", "prediction"} <= names
    # the data and constants the notebook gives, which the solutions only read
    assert not {"DIMS", "X_train", "y_train", "X_val", "y_val", "np", "torch"} & names
