"""Headline numbers of a notebook, printed for the reader and collected by ``make bench``.

A notebook calls :func:`report` once with the numbers it computed.  When the environment
variable ``COURSE_METRICS_FILE`` is set (``bench/run.py`` sets it), they are also written to
that JSON file, so the benchmark table is built from what the notebook computed, never typed in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def report(data: dict | None = None, **metrics) -> None:
    """Print ``metrics`` (name = value) and the data they were measured on."""
    record = {"data": data or {}, "metrics": metrics}
    width = max([len(k) for k in metrics] + [4])
    print("Headline numbers")
    if data:
        used = "subset" if data.get("subset") else "full"
        sizes = ", ".join(f"{k}={v:,}" for k, v in data.items() if type(v) is int)
        print(f"  {'data':<{width}}  {data.get('dataset', '?')} ({used}; {sizes})")
    for k, v in metrics.items():
        print(f"  {k:<{width}}  {v:.4g}" if isinstance(v, float) else f"  {k:<{width}}  {v}")
    path = os.environ.get("COURSE_METRICS_FILE")
    if path:
        Path(path).write_text(json.dumps(record, indent=2, default=str))
