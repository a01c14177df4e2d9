"""Headline numbers of a notebook: a results table for the reader, collected by ``make bench``.

A notebook ends with one call to :func:`results` holding the numbers it computed.  The reader
sees a table; when the environment variable ``COURSE_METRICS_FILE`` is set (``bench/run.py``
sets it), the same numbers are written to that JSON file, so the benchmark table is built from
what the notebook computed, never typed in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd


def _fmt(v) -> str:
    if isinstance(v, float):
        if v != v:
            return ""  # NaN: a cell this row has no value for
        return f"{v:.4f}" if 0.001 <= abs(v) < 1 else f"{v:.4g}"  # accuracies: 4 decimals
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)


def results(table: dict, data: dict | None = None, title: str = "Results") -> dict:
    """Print ``table`` under ``title`` and return its numbers as a flat dict of metrics.

    ``table`` is ``{name: value}`` (one column) or ``{row: {column: value}}`` (a grid, e.g.
    one row per model).  ``data`` (say :meth:`ImageData.info`) records what it was measured
    on; it is written to the metrics file, not printed (the notebook says it in its own words).
    Metric names are ``name`` or ``"row: column"``.
    """
    grid = all(isinstance(v, dict) for v in table.values())
    if grid:
        frame = pd.DataFrame.from_dict(table, orient="index")
        metrics = {f"{r}: {c}": v for r, row in table.items() for c, v in row.items()}
    else:
        frame = pd.DataFrame({"": list(table.values())}, index=list(table))
        metrics = dict(table)
    print(title)
    print(frame.map(_fmt).to_string(header=grid))
    path = os.environ.get("COURSE_METRICS_FILE")
    if path:
        record = {"data": data or {}, "metrics": metrics}
        Path(path).write_text(json.dumps(record, indent=2, default=str))
    return metrics
