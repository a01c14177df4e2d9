import json

from course_lib.report import report


def test_report_prints_and_writes(monkeypatch, tmp_path, capsys):
    out = tmp_path / "m.json"
    monkeypatch.setenv("COURSE_METRICS_FILE", str(out))
    data = {"dataset": "MNIST", "subset": True, "train": 100, "test": 10}
    report(data=data, test_accuracy=0.98765, epochs=5)
    text = capsys.readouterr().out
    assert "MNIST (subset; train=100, test=10)" in text
    assert "0.9877" in text  # 4 significant digits
    saved = json.loads(out.read_text())
    assert saved == {"data": data, "metrics": {"test_accuracy": 0.98765, "epochs": 5}}


def test_report_without_file(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_METRICS_FILE", raising=False)
    report(loss=0.5)
    assert "loss  0.5\n" in capsys.readouterr().out
