import random

import numpy as np
import pytest
import torch

from course_lib import config


@pytest.mark.parametrize(
    "value, expected",
    [("1", True), ("true", True), ("YES", True), ("0", False), ("", False), ("no", False)],
)
def test_quick_mode_reads_environment(monkeypatch, value, expected):
    monkeypatch.setenv("COURSE_QUICK", value)
    assert config.quick_mode() is expected


def test_quick_mode_off_when_unset(monkeypatch):
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    assert config.quick_mode() is False


def test_device_can_be_forced(monkeypatch):
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert config.device() == torch.device("cpu")
    assert config.device("cpu").type == "cpu"


def test_device_default_is_available():
    dev = config.device()
    assert dev.type in {"cpu", "cuda", "mps"}
    torch.zeros(1, device=dev)


def test_seed_everything_makes_runs_repeatable():
    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    config.seed_everything(123)
    first = draw()
    config.seed_everything(123)
    assert draw() == first


def test_setup_prints_device_and_mode(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_QUICK", "1")
    config.setup(seed=1)
    out = capsys.readouterr().out
    assert "QUICK mode" in out and "seed 1" in out
    assert "+cu" not in out  # the build tag says nothing about the device in use
    monkeypatch.setenv("COURSE_QUICK", "0")
    config.setup(seed=1)
    assert "QUICK" not in capsys.readouterr().out
