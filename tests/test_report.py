import json

from course_lib.report import results


def test_results_grid_prints_and_writes(monkeypatch, tmp_path, capsys):
    out = tmp_path / "m.json"
    monkeypatch.setenv("COURSE_METRICS_FILE", str(out))
    data = {"dataset": "MNIST", "subset": True, "train": 100, "test": 10}
    table = {"MLP": {"test accuracy": 0.98765, "epochs": 5}, "linear": {"test accuracy": 0.9}}
    metrics = results(table, data=data, title="Results on MNIST")
    text = capsys.readouterr().out
    assert text.startswith("Results on MNIST\n")
    assert "0.9877" in text and "MLP" in text and "test accuracy" in text  # 4 significant digits
    assert "subset" not in text  # the data record goes to the file, not to the reader
    saved = json.loads(out.read_text())
    assert saved["data"] == data
    assert saved["metrics"]["MLP: test accuracy"] == 0.98765 == metrics["MLP: test accuracy"]


def test_results_one_column_without_file(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_METRICS_FILE", raising=False)
    assert results({"loss": 0.5, "weights": "[1, 2]"}) == {"loss": 0.5, "weights": "[1, 2]"}
    text = capsys.readouterr().out
    assert "loss" in text and "0.5" in text and "[1, 2]" in text


def test_results_grid_orders_columns_and_aligns_decimals(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_METRICS_FILE", raising=False)
    table = {"a": {"acc": 0.9241, "time": 0.7}, "b": {"time": 1.75, "acc": 0.97973, "sd": 0.0006}}
    results(table, columns=["acc", "sd", "time"])
    header, row_a, row_b = capsys.readouterr().out.splitlines()[1:]
    assert header.split() == ["acc", "sd", "time"]
    assert row_a.split() == ["a", "0.9241", "0.70"] and row_b.split() == [
        "b",
        "0.9797",
        "0.0006",
        "1.75",
    ]


def test_results_grid_keeps_ints_when_a_row_lacks_a_column(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_METRICS_FILE", raising=False)
    results({"a": {"params": 32190, "loss": 0.5}, "b": {"loss": 0.25}})
    out = capsys.readouterr().out
    assert "32,190" in out and "e+04" not in out and "nan" not in out.lower()
