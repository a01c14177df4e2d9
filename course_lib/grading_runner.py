"""Runs one submission inside the grading sandbox.  Started by :mod:`course_lib.grading`; not
for direct use.

Protocol on the process's original stdin/stdout (the submission's own output goes elsewhere):

1. it prints ``CELL <i>`` before executing code cell ``i`` of the notebook, in order, each
   under its time limit (``argv[2]``: JSON ``{"cells": {cell id: s}, "cell": s, "request": s}``);
2. it prints ``READY <json>`` when all cells have run: per cell, any error or time-out, and the
   first characters of what the notebook printed;
3. it then answers requests (:class:`Server`, frames of :mod:`course_lib.grading_wire`) from
   the judge (:mod:`course_lib.grading_judge`), which runs the tests in its own process.

The tests never enter this process, so no code in the notebook can see what they expect or
change how they compare: it can only answer for its own functions and objects.
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
    nb_path, limits = sys.argv[1], json.loads(sys.argv[2])
    # private copies of the control channel; the submission's stdio goes to a capped sink
    ctrl_in = os.fdopen(os.dup(0), "rb")
    ctrl_out = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    captured = BoundedText(20_000)
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), captured, captured

    def say(line: str) -> None:
        ctrl_out.write(line.encode() + b"\n")
        ctrl_out.flush()

    import matplotlib

    matplotlib.use("Agg")
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    env: dict = {"__name__": "__main__"}
    cells = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        say(f"CELL {i}")
        if _skip(cell.source):
            continue
        seconds = float(limits["cells"].get(str(cell.get("id")), limits["cell"]))
        try:
            compiled = compile(_python_only(cell.source), f"<cell {i}>", "exec")
            _run_limited(lambda compiled=compiled: exec(compiled, env), seconds)
        except Timeout:
            cells.append({"cell": i, "error": f"time-out after {seconds:g} s"})
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            cells.append({"cell": i, "error": _describe(exc)})
    say("READY " + json.dumps({"cells": cells, "output": captured.text()}))
    Server(env, float(limits["request"])).serve(ctrl_in, ctrl_out)
    return 0


class Server:
    """Answers the grader's requests about the notebook's objects with plain data.

    The tests run in the grader's own process; they reach the learner's names, functions and
    objects only through these requests, and get back values (see :mod:`course_lib.grading_wire`)
    or handles to objects that stay here.  Nothing here knows what the right answers are.
    """

    def __init__(self, env: dict, seconds: float):
        self.env, self.seconds = env, seconds
        self.objects: dict[int, object] = {}
        self.ids: dict[int, int] = {}

    def handle_of(self, obj):
        from course_lib.grading_wire import Handle

        hid = self.ids.get(id(obj))
        if hid is None or self.objects.get(hid) is not obj:
            hid = len(self.objects) + 1
            self.objects[hid], self.ids[id(obj)] = obj, hid
        kind = obj if isinstance(obj, type) else type(obj)
        mro = [[getattr(c, "__module__", "?"), c.__qualname__] for c in kind.__mro__]
        return Handle(hid, {"mro": mro, "is_class": isinstance(obj, type), "name": kind.__name__})

    def serve(self, ctrl_in, ctrl_out) -> None:
        from course_lib import grading_wire as wire

        while True:
            try:
                frame = wire.read_frame(ctrl_in)
            except (EOFError, wire.WireError):
                return
            if frame is None:
                return
            try:
                value = _run_limited(lambda frame=frame: self.answer(*frame), self.seconds)
                if isinstance(value, _Opaque):
                    h = self.handle_of(value.value)
                    data, blobs = {"$d": [["value", {"$h": [h.id, h.info]}]]}, []
                else:
                    reply = {"value": value}
                    if isinstance(value, _Changed):
                        reply = {"value": value.value, "changed": value.states}
                    data, blobs = _run_limited(
                        lambda reply=reply: wire.encode(reply, self.handle_of), self.seconds
                    )
            except Timeout:
                error = ["TimeoutError", f"time-out after {self.seconds:g} s"]
                data, blobs = wire.encode({"error": error})
            except BaseException as exc:
                data, blobs = wire.encode({"error": [type(exc).__name__, _describe(exc)]})
            ctrl_out.write(wire.pack({"id": frame[0].get("id"), "reply": data}, blobs))
            ctrl_out.flush()

    def answer(self, header: dict, buffers: list[bytes]):
        import pickle

        objects = self.objects

        class Unpickler(pickle.Unpickler):
            def persistent_load(self, pid):
                return objects[pid[1]]

        payload = Unpickler(io.BytesIO(buffers[0])).load() if buffers else {}
        _set_random_state(payload.get("random"))
        args, kwargs = payload.get("args", ()), payload.get("kwargs", {})
        op = header["op"]
        if op == "get":
            name = header["name"]
            return {"missing": True} if name not in self.env else {"found": self.env[name]}
        sync = payload.get("sync") or {}
        if op == "exec":
            space: dict = {"__name__": "course_test_snippet"}
            exec(compile(header["source"], "<test snippet>", "exec"), space)
            return _changed(space[header["name"]](*args, **kwargs), args, kwargs, sync)
        obj = self.objects[header["h"]]
        if op == "call":
            return _changed(obj(*args, **kwargs), args, kwargs, sync)
        if op == "getattr":
            return getattr(obj, header["attr"])
        if op == "setattr":
            return setattr(obj, header["attr"], args[0])
        if op == "getitem":
            return obj[args[0]]
        if op == "setitem":
            obj[args[0]] = args[1]
            return None
        if op == "iter":
            return _Opaque(iter(obj))
        if op == "next":
            return next(obj)
        if op == "array":
            import numpy as np

            return np.asarray(obj)
        unary = {"len": len, "bool": bool, "repr": repr, "str": str, "float": float, "int": int}
        if op in unary:
            return unary[op](obj)
        if op == "contains":
            return args[0] in obj
        if op == "isinstance":
            return isinstance(args[0], obj)
        raise ValueError(f"unknown request {op!r}")


class _Changed:
    """A call's value, and the new state of the test's own objects that it was given."""

    def __init__(self, value, states):
        self.value, self.states = value, states


def _changed(value, args, kwargs, sync):
    """The call changed the test's arrays, models or optimisers in place (a training step,
    say): send their new state back, so that the test sees what it would see in one process.
    ``sync`` names the arguments that are the test's own: ``{"args": [i], "kwargs": [k]}``."""
    if not sync:
        return value
    states: dict = {"args": {}, "kwargs": {}}
    for i in sync.get("args", []):
        states["args"][i] = _state(args[i])
        if value is args[i]:  # the test's own object, returned: the test gets it back
            states["returned"], value = ["args", i], None
    for k in sync.get("kwargs", []):
        states["kwargs"][k] = _state(kwargs[k])
        if value is kwargs[k]:
            states["returned"], value = ["kwargs", k], None
    return _Changed(value, states)


def _state(obj):
    """Plain data for the in-place state of an array, tensor, model or optimiser."""
    import random

    import numpy as np

    torch = sys.modules.get("torch")
    if isinstance(obj, np.ndarray):
        return {"array": obj}
    if isinstance(obj, np.random.Generator):
        return {"generator": obj.bit_generator.state}
    if isinstance(obj, random.Random):
        return {"random": obj.getstate()}
    if torch is not None:
        if isinstance(obj, torch.Generator):
            return {"torch_generator": obj.get_state()}
        if isinstance(obj, torch.Tensor):
            return {"tensor": obj.detach()}
        if isinstance(obj, torch.nn.Module):
            return {
                "module": {k: v.detach() for k, v in obj.state_dict().items()},
                "training": [m.training for m in obj.modules()],
            }
        if isinstance(obj, torch.optim.Optimizer):
            return {"optimizer": obj.state_dict()}
    if isinstance(obj, dict):  # a dict of parameters, say: its entries, one level deep
        return {"dict": {k: _state(v) for k, v in obj.items() if isinstance(k, str)}}
    if isinstance(obj, list):
        return {"list": [_state(v) for v in obj]}
    if hasattr(obj, "__dict__"):  # one of the course's own objects (a from-scratch MLP, say)
        return {"vars": dict(vars(obj))}
    return None


class _Opaque:
    """Wraps a value that must come back as a handle (an iterator over a plain list, say)."""

    def __init__(self, value):
        self.value = value


def _set_random_state(state) -> None:
    """Start the learner's code from the random state the test set (its seeds)."""
    if not state:
        return
    import random

    import numpy as np

    random.setstate(state["random"])
    np.random.set_state(state["numpy"])
    if "torch" in state:
        import torch

        torch.set_rng_state(state["torch"])
        torch.set_grad_enabled(state["grad"])


if __name__ == "__main__":
    sys.exit(main())
