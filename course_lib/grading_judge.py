"""Runs an exercise set's tests in a clean process of the grader's own, outside the sandbox.
Started by :mod:`course_lib.grading` once a submission's cells have run; not for direct use.

The tests are the set's pristine files, hidden ones included; they never enter the sandbox.
Every name a test asks for (its parameters) is fetched from the submission's process
(:class:`course_lib.grading_runner.Server`): plain values arrive as values, and everything
else as a :class:`Remote` proxy whose calls, attributes and items are requests again.  So
whatever a submission patched in its own process (NumPy, builtins, the harness, the channel),
the comparisons here run on clean libraries against expected values it never saw; it can only
change what it answers for its own functions and objects.

A helper that must run next to the learner's objects (build an optimiser over a model's
parameters, run backward through its graph) is marked with :func:`course_lib.exercises.inside`
in the test: its source alone is sent, and what it returns comes back as plain data.

The grader runs it as a fork server (``--serve``, :func:`serve`): torch, otter and the
course are imported once, and each submission gets a freshly forked judge.  For each, the
grader sends the tests and the set's given values (:class:`RemoteEnv`), and the judge writes
``RESULT <json>`` with one entry per test case.
"""

from __future__ import annotations

import builtins
import copy
import inspect
import io
import json
import linecache
import os
import pickle
import signal
import sys
import textwrap
import time
import traceback

from course_lib import grading_wire as wire


class RemoteError(Exception):
    """The learner's code raised an exception that is not one of Python's built-in ones."""


class Timeout(BaseException):
    pass


class Channel:
    """Requests to the sandbox, one at a time; replies to earlier (timed-out) requests are
    skipped by their number."""

    def __init__(self, read_fd: int, write_fd: int):
        self.reader = os.fdopen(read_fd, "rb")
        self.writer = os.fdopen(write_fd, "wb")
        self.count, self.closed = 0, ""
        self.proxies: dict[int, Remote] = {}
        self.sent_state = None
        # the given values handed to the current test (kept alive, so that their ids are not
        # reused) and the memory of their arrays: the learner's code never changes them
        self.given_refs: list = []
        self.given_ids: set[int] = set()
        self.given_memory: list[tuple[int, int]] = []

    def request(self, op: str, args=(), kwargs=None, **fields):
        if self.closed:
            raise RemoteError(self.closed)
        self.count += 1
        kwargs = kwargs or {}
        payload = {"args": tuple(args), "kwargs": kwargs, "random": self._random_state()}
        sync = None
        if op in ("call", "exec"):
            sync = payload["sync"] = {
                "args": [i for i, a in enumerate(args) if self._syncable(a)],
                "kwargs": [k for k, a in kwargs.items() if self._syncable(a)],
            }
        data = _dumps(payload)
        try:
            self.writer.write(wire.pack({"op": op, "id": self.count, **fields}, [data]))
            self.writer.flush()
            while True:
                frame = wire.read_frame(self.reader)
                if frame is None:
                    raise EOFError
                header, buffers = frame
                if header.get("id") == self.count:
                    break
        except (EOFError, OSError, wire.WireError, ValueError) as exc:
            self.closed = f"the notebook's process stopped answering ({type(exc).__name__})"
            raise RemoteError(self.closed) from None
        try:
            reply = wire.decode(header.get("reply"), buffers, self.proxy)
        except wire.WireError as exc:
            raise RemoteError(f"the notebook's answer is not plain data ({exc})") from None
        known = isinstance(reply, dict) and (set(reply) <= {"value", "changed"} or "error" in reply)
        if not known:
            raise RemoteError("malformed answer from the notebook's process")
        if "error" in reply:
            raise _exception(reply["error"])
        if "changed" in reply and sync:
            returned = _apply_changes(reply["changed"], args, kwargs, sync)
            if returned is not _NOT_RETURNED:
                return returned
        return reply.get("value")

    def _syncable(self, obj, depth: int = 0) -> bool:
        """Whether the learner's in-place changes to ``obj`` come back into it: yes for the
        test's own objects (:func:`_mutable`), never for a given value, an array that shares
        memory with one (a view, ``torch.from_numpy``), or a dict or list holding one."""
        if depth > 3 or id(obj) in self.given_ids:
            return False
        if type(obj) in (dict, list, tuple):
            items = obj.values() if isinstance(obj, dict) else obj
            return all(self._syncable(x, depth + 1) for x in items) and (depth > 0 or _mutable(obj))
        span = _memory(obj)
        if span and any(span[0] < hi and lo < span[1] for lo, hi in self.given_memory):
            return False
        return depth > 0 or _mutable(obj)

    def protect(self, value, depth: int = 0) -> None:
        """Mark a given value (and what a dict, list or tuple of them holds) as never synced."""
        self.given_refs.append(value)
        self.given_ids.add(id(value))
        span = _memory(value)
        if span:
            self.given_memory.append(span)
        if depth < 3 and type(value) in (dict, list, tuple):
            for item in value.values() if isinstance(value, dict) else value:
                self.protect(item, depth + 1)

    def forget_given(self) -> None:
        """A new test: the previous test's given values are its own business no more."""
        self.given_refs, self.given_ids, self.given_memory = [], set(), []

    def proxy(self, handle: wire.Handle) -> Remote:
        if handle.id not in self.proxies:
            self.proxies[handle.id] = Remote(self, handle)
        return self.proxies[handle.id]

    def _random_state(self):
        """The test's random state when it changed since it was last sent (a seed, or draws
        of its own); otherwise nothing, so the learner's code continues its own stream."""
        import random

        import numpy as np

        state = {"random": random.getstate(), "numpy": np.random.get_state()}
        torch = sys.modules.get("torch")
        if torch is not None:
            state["torch"], state["grad"] = torch.get_rng_state(), torch.is_grad_enabled()
        fingerprint = pickle.dumps(state)
        if fingerprint == self.sent_state:
            return None
        self.sent_state = fingerprint
        return state


def _memory(obj) -> tuple[int, int] | None:
    """The bytes an array or a CPU tensor's storage occupies, as (start, end) addresses."""
    import numpy as np

    if isinstance(obj, np.ndarray) and obj.nbytes:
        try:
            from numpy.lib.array_utils import byte_bounds
        except ImportError:  # NumPy 1
            byte_bounds = np.byte_bounds
        return byte_bounds(obj)
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(obj, torch.Tensor) and obj.device.type == "cpu":
        try:
            storage = obj.untyped_storage()
            if storage.nbytes():
                return storage.data_ptr(), storage.data_ptr() + storage.nbytes()
        except (RuntimeError, NotImplementedError):
            return None
    return None


def _mutable(obj, depth: int = 0) -> bool:
    """A test's own object that the learner's code may change in place (see
    :func:`course_lib.grading_runner._state`): an array, tensor, model, optimiser, random
    generator or course object, or a dict or list of them (one level deep)."""
    import random

    import numpy as np

    if isinstance(obj, (dict, list)) and type(obj) in (dict, list) and depth == 0:
        values = obj.values() if isinstance(obj, dict) else obj
        return any(_mutable(v, 1) for v in values)

    if isinstance(obj, (np.ndarray, np.random.Generator, random.Random)):
        return True
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(
        obj, (torch.Tensor, torch.nn.Module, torch.optim.Optimizer, torch.Generator)
    ):
        return True
    return _course_object(obj)


def _course_object(obj) -> bool:
    """One of the course's own objects (``course_lib.scratch.mlp.MLP``), whose attributes
    are synced as plain data."""
    return type(obj).__module__.startswith("course_lib.") and hasattr(obj, "__dict__")


def _apply_changes(changed, args, kwargs, sync):
    """Give the test's objects the state the learner's code left them in, as one process
    would have: array and tensor contents, a model's parameters, buffers and train/eval
    modes, an optimiser's state.  Only the arguments named in ``sync`` (the test's own
    objects of those kinds) are touched, and only with plain data; a state that does not fit
    its object raises, and the test fails.  Returns the argument the call returned, if any."""
    own = {("args", i): args[i] for i in sync["args"]}
    own.update({("kwargs", k): kwargs[k] for k in sync["kwargs"]})
    try:
        pairs = [(own[("args", i)], s) for i, s in changed.get("args", {}).items()]
        pairs += [(own[("kwargs", k)], s) for k, s in changed.get("kwargs", {}).items()]
        where = changed.get("returned")
        returned = _NOT_RETURNED if where is None else own[(where[0], where[1])]
    except (AttributeError, IndexError, KeyError, ValueError, TypeError):
        raise RemoteError("malformed state from the notebook's process") from None
    for obj, state in pairs:
        if isinstance(state, dict):
            _apply_state(obj, state)
    return returned


_NOT_RETURNED = object()


def _has_remote(value, depth: int = 0) -> bool:
    if type(value) is Remote or depth > 20:
        return True
    if isinstance(value, (list, tuple, set)):
        return any(_has_remote(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(_has_remote(k, depth + 1) or _has_remote(v, depth + 1) for k, v in value.items())
    return False


def _apply_state(obj, state: dict) -> None:
    import random

    import numpy as np

    if "generator" in state and isinstance(obj, np.random.Generator):
        obj.bit_generator.state = state["generator"]
        return
    if "random" in state and isinstance(obj, random.Random):
        obj.setstate(state["random"])
        return
    if "dict" in state and type(obj) is dict and isinstance(state["dict"], dict):
        for key, item in state["dict"].items():
            if key in obj and isinstance(item, dict) and _mutable(obj[key], 1):
                _apply_state(obj[key], item)
        return
    if "list" in state and type(obj) is list and isinstance(state["list"], list):
        for value, item in zip(obj, state["list"]):
            if isinstance(item, dict) and _mutable(value, 1):
                _apply_state(value, item)
        return
    if "vars" in state and isinstance(state["vars"], dict) and _course_object(obj):
        for key, value in state["vars"].items():
            if isinstance(key, str) and not key.startswith("__") and not _has_remote(value):
                setattr(obj, key, value)
        return
    if "array" in state and isinstance(obj, np.ndarray):
        new = np.asarray(state["array"])
        if new.shape != obj.shape:
            raise RemoteError("the learner's code changed an array's shape")
        if obj.flags.writeable:
            np.copyto(obj, new, casting="unsafe")
        return
    import torch

    with torch.no_grad():
        if "tensor" in state and isinstance(obj, torch.Tensor):
            new = state["tensor"]
            if not isinstance(new, torch.Tensor) or new.shape != obj.shape:
                raise RemoteError("the learner's code changed a tensor's shape")
            obj.copy_(new)
        elif "module" in state and isinstance(obj, torch.nn.Module):
            obj.load_state_dict(dict(state["module"]))
            modes = state.get("training", [])
            for module, mode in zip(obj.modules(), modes):
                module.training = mode is True
        elif "optimizer" in state and isinstance(obj, torch.optim.Optimizer):
            obj.load_state_dict(state["optimizer"])
        elif "torch_generator" in state and isinstance(obj, torch.Generator):
            obj.set_state(state["torch_generator"])


def _persistent_id(obj):
    if type(obj) is Remote:
        return ("h", object.__getattribute__(obj, "_handle").id)
    return None


class _Pickler(pickle.Pickler):
    persistent_id = staticmethod(_persistent_id)


def _dumps(payload) -> bytes:
    """A request's arguments, pickled: the learner's objects by their handle.  Functions a
    test defines on the fly (``lambda x: 2 * x``), which pickle cannot send, go as code with
    dill (otter needs it, so it is installed)."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer).dump(payload)
        return buffer.getvalue()
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        first = exc
    try:
        import dill
    except ImportError:
        raise first from None

    class DillPickler(dill.Pickler):
        def persistent_id(self, obj):
            return _persistent_id(obj)

    buffer = io.BytesIO()
    # recurse: a function carries only the globals it uses, not the test file's namespace
    DillPickler(buffer, recurse=True).dump(payload)
    return buffer.getvalue()


def _exception(error) -> BaseException:
    """The learner's exception as one of Python's own types (so that a test can expect a
    ``ValueError``), its message marked as coming from the notebook."""
    try:
        kind, message = str(error[0])[:100], str(error[1])[:2000]
    except (TypeError, IndexError, KeyError):
        return RemoteError("malformed error from the notebook's process")
    cls = getattr(builtins, kind, None)
    if kind == "TimeoutError":
        return TimeoutError(message)
    if isinstance(cls, type) and issubclass(cls, Exception) and cls is not StopIteration:
        try:
            exc = cls(f"(in the notebook) {message}")
            exc.from_notebook = True
            return exc
        except Exception:
            pass
    if kind == "StopIteration":
        return _RemoteStop()
    return RemoteError(f"(in the notebook) {message}")


class _RemoteStop(Exception):
    pass


_STAND_INS: dict[tuple, type] = {}


def _local_class(info: dict):
    """The class a remote object claims to be, as far as this process knows it: the class
    itself when it lives in a module already imported here (``torch.nn.Linear``), or else a
    stand-in named like the learner's class with the nearest known ancestor as its base, so
    that ``isinstance(model, nn.Module)`` works.  Nothing is imported for it."""
    mro = [tuple(map(str, entry)) for entry in info.get("mro", [])][:50]
    key = tuple(mro)
    if key in _STAND_INS:
        return _STAND_INS[key]
    found, position = object, len(mro)
    for i, (module, qualname) in enumerate(mro):
        if module in ("__main__", "builtins") or module not in sys.modules:
            continue
        obj = sys.modules[module]
        for part in qualname.split("."):
            obj = getattr(obj, part, None)
        if isinstance(obj, type):
            found, position = obj, i
            break
    cls = found
    if position != 0 and mro:
        name = mro[0][1].rsplit(".", 1)[-1]
        name = name if name.isidentifier() else "LearnerObject"
        try:
            cls = type(name, (found,), {"__module__": "notebook", "__qualname__": name})
        except Exception:
            cls = type(name, (object,), {"__module__": "notebook"})
    _STAND_INS[key] = cls
    return cls


# special attributes a test may read as facts about the learner's code
FACTS = {"__code__", "__name__", "__qualname__", "__defaults__"}


class Remote:
    """An object that stays in the submission's process.  Attribute access, calls, items,
    iteration, ``len``, ``np.asarray`` and ``isinstance`` work through requests; comparing
    with ``==`` compares identity, as for any object, so it cannot be made to agree."""

    __slots__ = ("_channel", "_handle")

    def __init__(self, channel: Channel, handle: wire.Handle):
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_handle", handle)

    def _ask(self, op, *args, **fields):
        channel = object.__getattribute__(self, "_channel")
        handle = object.__getattribute__(self, "_handle")
        return channel.request(op, args=args, h=handle.id, **fields)

    @property
    def __class__(self):
        info = object.__getattribute__(self, "_handle").info
        return type if info.get("is_class") else _local_class(info)

    @property
    def __bases__(self):  # issubclass(LearnerNet, nn.Module) for a learner's class
        info = object.__getattribute__(self, "_handle").info
        if not info.get("is_class"):
            raise AttributeError("__bases__")
        return (_local_class(info),)

    def __instancecheck__(self, obj):  # isinstance(model, LearnerNet)
        return type(obj) is Remote and self._ask("isinstance", obj) is True

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__") and name not in FACTS:
            raise AttributeError(name)
        return self._ask("getattr", attr=name)

    def __setattr__(self, name, value):
        self._ask("setattr", value, attr=name)

    def __call__(self, *args, **kwargs):
        channel = object.__getattribute__(self, "_channel")
        handle = object.__getattribute__(self, "_handle")
        return channel.request("call", args=args, kwargs=kwargs, h=handle.id)

    def __getitem__(self, key):
        return self._ask("getitem", key)

    def __setitem__(self, key, value):
        self._ask("setitem", key, value)

    def __len__(self):
        n = self._ask("len")
        if type(n) is not int:
            raise TypeError("len() of a notebook object did not give an int")
        return n

    def __bool__(self):
        return self._ask("bool") is True

    def __contains__(self, item):
        return self._ask("contains", item) is True

    def __iter__(self):
        iterator = self._ask("iter")
        while True:
            try:
                yield iterator._ask("next")
            except _RemoteStop:
                return

    def __next__(self):
        try:
            return self._ask("next")
        except _RemoteStop:
            raise StopIteration from None

    def __array__(self, dtype=None, copy=None):
        import numpy as np

        value = self._ask("array")
        if isinstance(value, Remote):
            raise TypeError("a notebook object that is not an array")
        return np.asarray(value, dtype=dtype)

    def __float__(self):
        return float(_plain_number(self._ask("float")))

    def __int__(self):
        return int(_plain_number(self._ask("int")))

    def __index__(self):
        return int(_plain_number(self._ask("int")))

    def __repr__(self):
        try:
            text = self._ask("repr")
        except Exception:
            text = None
        name = object.__getattribute__(self, "_handle").info.get("name", "object")
        return str(text)[:300] if isinstance(text, str) else f"<notebook {name}>"

    __str__ = __repr__

    def __format__(self, spec):
        return repr(self)

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)


GIVEN_RTOL = 1e-4  # how far a given float may be from the recorded one and still be the same


def _plain_number(value):
    if isinstance(value, Remote) or isinstance(value, (str, bytes)):
        raise TypeError("not a number")
    return value


class RemoteEnv(dict):
    """The notebook's names as otter's test cases ask for them (``env.get(name, None)``).

    ``given`` holds the set's given values: the data and constants the notebook provides,
    as :func:`course_lib.grading.calibrate` found them in the blank notebook and checked
    them on the solution.  A test that
    asks for one of them gets the submission's value only when it is the given one (floats
    within :data:`GIVEN_RTOL`, for the last digits a different number of threads changes);
    otherwise a fresh copy of the given value, and the name goes into ``changed``.  Either
    way the learner's code cannot change it in place for the test (:meth:`Channel.protect`).

    With ``record`` (a dict), every other fetch is kept there, for ``calibrate`` to find
    the values that are given: a list of copies per name, :class:`Remote` for an object.
    ``lenient`` (calibrating, on the solution): a value that is not the given one is used
    as it is, and only noted in ``changed``."""

    def __init__(self, channel: Channel, given=None, record=None, lenient: bool = False):
        super().__init__()
        self.channel, self.given, self.record = channel, given or {}, record
        self.lenient, self.changed = lenient, []

    def get(self, name, default=None):
        name = str(name)
        try:
            answer = self.channel.request("get", name=name)
        except RemoteError:
            answer = None
        found = isinstance(answer, dict) and "found" in answer
        value = answer["found"] if found else default
        if name in self.given:
            want = self.given[name]
            if not (found and wire.same_value(value, want, GIVEN_RTOL)):
                if name not in self.changed:
                    self.changed.append(name)
                if self.lenient:
                    return value
                value = copy.deepcopy(want)
            self.channel.protect(value)
        elif found and self.record is not None:
            kept = Remote if _has_remote(value) else copy.deepcopy(value)
            self.record.setdefault(name, []).append(kept)
        return value


class Snippet:
    """A test helper marked with :func:`course_lib.exercises.inside`: its source runs in the
    submission's process on the arguments it is given, and it returns plain data."""

    def __init__(self, channel: Channel, func):
        if func.__code__.co_freevars:
            raise TypeError(f"{func.__name__}: an `inside` helper may use only its arguments")
        source = textwrap.dedent(inspect.getsource(func))
        lines = source.split("\n")
        while lines and lines[0].lstrip().startswith("@"):
            lines.pop(0)
        self.channel, self.name, self.source = channel, func.__name__, "\n".join(lines)

    def __call__(self, *args, **kwargs):
        fields = {"source": self.source, "name": self.name}
        return self.channel.request("exec", args=args, kwargs=kwargs, **fields)


def _describe(exc: BaseException, limit: int = 600) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()[:limit]


def _alarm(signum, frame):
    raise Timeout()


def run_tests(tests: dict[str, str], env: RemoteEnv, seconds: float) -> list[dict]:
    """Run every test case; one ``{file, name, passed, message}`` per case."""
    from otter.test_files import ExceptionTestFile

    from course_lib import exercises

    exercises._REMOTE = lambda func: Snippet(env.channel, func)
    from course_lib import training

    training.KEEP_EPOCHS = True  # as in the exercise notebook (see exercises.tests_dir)
    signal.signal(signal.SIGALRM, _alarm)
    results = []
    for filename, source in sorted(tests.items()):
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        test_file = ExceptionTestFile.from_string(source, path=filename)
        for tc in test_file.test_cases:
            env.channel.forget_given()
            entry = {"file": filename, "name": tc.name, "passed": False, "message": ""}
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                tc.body.call_func(env)
                entry["passed"] = True
            except Timeout:
                entry["message"] = f"time-out after {seconds:g} s"
            except MemoryError as exc:
                entry["message"] = _describe(exc)
                if not getattr(exc, "from_notebook", False):  # the judge's own memory
                    entry["judge_error"] = "the judge ran out of memory"
            except BaseException as exc:
                entry["message"] = _describe(exc)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            entry["seconds"] = round(time.perf_counter() - start, 3)
            results.append(entry)
    return results


# what every judge needs, imported once by the fork server instead of once per submission
PRELOAD = (
    "numpy",
    "torch",
    "dill",
    "otter.test_files",
    "course_lib.data",
    "course_lib.training",
    "course_lib.exercises",
    "course_lib.gradcheck",
)


def judge(fds, seconds: float, record: str | None = None, lenient: bool = False) -> None:
    """Judge one submission: ``fds`` are the channel from and to the sandbox, the pipe the
    tests arrive on (a pickle of ``{"tests": {file: source}, "given": {name: value}}``, from
    the grader) and the pipe the ``RESULT`` line goes to.  ``record`` is a file to keep every
    fetch in: a pickle of ``{"values": {name: [value per fetch]}, "objects": [names],
    "changed": [names]}``, the objects being the names that came back as objects that stayed
    in the sandbox, and the changed ones the given names whose value differed (``lenient``:
    see :class:`RemoteEnv`)."""
    from_sandbox, to_sandbox, tests_in, result_out = fds
    sys.stdout = sys.stderr = io.StringIO()  # what the tests print is not the channel
    with os.fdopen(tests_in, "rb") as fh:
        job = pickle.load(fh)
    channel = Channel(from_sandbox, to_sandbox)
    env = RemoteEnv(channel, job["given"], {} if record else None, lenient)
    results = run_tests(job["tests"], env, seconds)
    if record:
        fetched = env.record
        values = {k: v for k, v in fetched.items() if not any(x is Remote for x in v)}
        objects = sorted(set(fetched) - set(values))
        with open(record, "wb") as fh:
            kept = {"values": values, "objects": objects, "changed": env.changed}
            pickle.dump(kept, fh, pickle.HIGHEST_PROTOCOL)
    with os.fdopen(result_out, "w") as fh:
        fh.write("RESULT " + json.dumps({"tests": results, "given_changed": env.changed}) + "\n")


def serve(sock) -> None:
    """A fork server: import what judges need once, then fork a fresh judge for each job.

    A job is a small JSON message (``seconds``, ``memory_mb``) with four file descriptors
    (see :func:`judge`); the reply is the judge's process id, which is also its process
    group, for the grader to kill on a time-out.  Each judge starts from this process's
    pristine state; nothing a judge does reaches the next one."""
    import importlib
    import resource
    import socket
    import struct

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished judges are reaped by the kernel
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 65536, 4)
        except OSError:
            return
        if not message:
            return
        job = json.loads(message)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                sock.close()
                os.setsid()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                # the memory limit counts from what the server had already mapped
                with open("/proc/self/statm") as fh:
                    mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
                memory = mapped + int(job["memory_mb"]) * 2**20
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
                judge(fds, float(job["seconds"]), job.get("record"), bool(job.get("lenient")))
                code = 0
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        sock.sendall(struct.pack(">i", pid))


def main() -> int:
    import socket

    if sys.argv[1:2] != ["--serve"] or len(sys.argv) != 3:
        print("usage: python -m course_lib.grading_judge --serve <socket fd>", file=sys.stderr)
        return 2
    serve(socket.socket(fileno=int(sys.argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
