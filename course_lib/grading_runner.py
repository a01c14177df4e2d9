"""Runs one submission inside the grading sandbox.  Started by :mod:`course_lib.grading`; not
for direct use.

Protocol on the process's original stdin/stdout (the submission's own output goes elsewhere):

1. it prints ``CELL <i>`` before executing code cell ``i`` of the notebook, in order;
2. it prints ``READY`` when all cells have run;
3. it then reads the tests (JSON ``{"q1.py": source, ...}``) from stdin: they are sent only now,
   so they are never on any file the submission can reach;
4. it prints ``RESULT <json>``: per cell, any error or time-out; per test case, passed or not,
   with a message; and the first characters of what the notebook printed.

The grader computes the score from its own pristine copy of the tests, not from this output.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import traceback


class Timeout(BaseException):
    """A cell or a test case ran past its time limit.  A BaseException, so that a bare
    ``except Exception`` in the submission does not swallow it."""


def _alarm(signum, frame):
    raise Timeout()


class BoundedText(io.TextIOBase):
    """A text sink that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size, self.dropped = limit, [], 0, 0

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def text(self) -> str:
        more = f"\n[... {self.dropped:,} more characters of output dropped]" if self.dropped else ""
        return "".join(self.parts) + more


def _skip(source: str) -> bool:
    return "grader.export(" in source or "export_submission(" in source


def _python_only(source: str) -> str:
    # IPython magics and shell escapes are not Python; the sandbox has no shell use for them
    lines = source.split("\n")
    return "\n".join("pass" if ln.lstrip().startswith(("%", "!")) else ln for ln in lines)


def _run_limited(func, seconds: float):
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return func()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _describe(exc: BaseException, limit: int = 600) -> str:
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return text[:limit]


def main() -> int:
    nb_path, cell_timeout, test_timeout = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    # private copies of the control channel; the submission's stdio goes to a capped sink
    ctrl_in = os.fdopen(os.dup(0), "r")
    ctrl_out = os.fdopen(os.dup(1), "w", buffering=1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    captured = BoundedText(20_000)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), captured, captured

    import matplotlib

    matplotlib.use("Agg")
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    env: dict = {"__name__": "__main__"}
    cells = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        print(f"CELL {i}", file=ctrl_out)
        if _skip(cell.source):
            continue
        try:
            compiled = compile(_python_only(cell.source), f"<cell {i}>", "exec")
            _run_limited(lambda compiled=compiled: exec(compiled, env), cell_timeout)
        except Timeout:
            cells.append({"cell": i, "error": f"time-out after {cell_timeout:g} s"})
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            cells.append({"cell": i, "error": _describe(exc)})
    print("READY", file=ctrl_out)

    from otter.test_files import ExceptionTestFile

    tests = json.loads(ctrl_in.read())
    results = []
    for filename, source in sorted(tests.items()):
        test_file = ExceptionTestFile.from_string(source, path=filename)
        for tc in test_file.test_cases:
            entry = {"file": filename, "name": tc.name, "passed": False, "message": ""}
            try:
                _run_limited(lambda tc=tc: tc.body.call_func(env), test_timeout)
                entry["passed"] = True
            except Timeout:
                entry["message"] = f"time-out after {test_timeout:g} s"
            except BaseException as exc:
                entry["message"] = _describe(exc)
            results.append(entry)
    report = {"cells": cells, "tests": results, "output": captured.text()}
    print("RESULT " + json.dumps(report), file=ctrl_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
