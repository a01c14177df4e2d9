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


def _fmt(v, decimals: int | None = None) -> str:
    if v is None:
        return ""  # a cell this row has no value for
    if isinstance(v, float):
        if v != v:
            return ""  # NaN: a cell this row has no value for
        return f"{v:.4g}" if decimals is None else f"{v:.{decimals}f}"
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)


def _decimals(column) -> int | None:
    """Decimals that show every float of a column to 4 significant digits (None: no floats,
    or one too small or large for fixed notation)."""
    shown = [f"{v:.4g}" for v in column if isinstance(v, float) and v == v]
    if not shown or any("e" in t for t in shown):
        return None
    return max(len(t.partition(".")[2]) for t in shown)


def _fmt_column(column: pd.Series) -> pd.Series:
    decimals = _decimals(column)
    return column.map(lambda v: _fmt(v, decimals))


def results(
    table: dict, data: dict | None = None, title: str = "Results", columns: list | None = None
) -> dict:
    """Print ``table`` under ``title`` and return its numbers as a flat dict of metrics.

    ``table`` is ``{name: value}`` (one column) or ``{row: {column: value}}`` (a grid, e.g.
    one row per model; ``columns`` sets the column order, and each column's numbers share
    one number of decimals).  ``data`` (say :meth:`ImageData.info`) records what it was
    measured on; it is written to the metrics file, not printed (the notebook says it in its
    own words).  Metric names are ``name`` or ``"row: column"``.
    """
    grid = all(isinstance(v, dict) for v in table.values())
    if grid:
        names = columns or list(dict.fromkeys(c for row in table.values() for c in row))
        # built column by column from the values themselves: pandas would turn an int column
        # with a missing cell into floats (32190 -> 3.219e+04)
        frame = pd.DataFrame(
            {c: pd.Series([row.get(c) for row in table.values()], dtype=object) for c in names}
        )
        frame.index = list(table)
        shown = frame.apply(_fmt_column)
        metrics = {f"{r}: {c}": v for r, row in table.items() for c, v in row.items()}
    else:
        shown = pd.DataFrame({"": [_fmt(v) for v in table.values()]}, index=list(table))
        metrics = dict(table)
    print(title)
    print(shown.to_string(header=grid))
    path = os.environ.get("COURSE_METRICS_FILE")
    if path:
        record = {"data": data or {}, "metrics": metrics}
        Path(path).write_text(json.dumps(record, indent=2, default=str))
    return metrics
