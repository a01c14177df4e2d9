"""Grading submitted exercise notebooks (the teacher's side): ``make grade SUBMISSIONS=<folder>``.

Each submission (an ``.ipynb``, or the ``.zip`` that ``grader.export`` writes) runs in a sandbox
(:mod:`course_lib.grading_runner`):

* **isolation**: with bubblewrap (``bwrap``) the submission sees the file system read-only,
  has no network and its own process tree; the hidden tests, the solutions, the other
  submissions and the output folder are not visible at all.  Without bubblewrap it runs as a
  plain child process with the same limits, and the README says what that does not protect;
* **limits**: a time limit per cell and per test case, scaled from the solution's own times
  (:func:`calibrate`) and capped by :class:`Limits`, a limit per submission, an address-space
  limit (memory), a file-size limit, and capped output;
* **tests**: they never enter the sandbox.  Once the cells have run, a judge process of the
  grader's own (:mod:`course_lib.grading_judge`) runs the set's pristine tests, hidden ones
  included, and asks the sandbox for the learner's names, calls and attributes; only plain data
  comes back (:mod:`course_lib.grading_wire`), so whatever the submission patched in its own
  process, the comparisons run on clean libraries against values it never saw.  The score is
  computed here, with its maximum checked against the assignment's total.  Any sign of
  tampering is flagged in the CSV and never earns points.

Writes ``grades.csv`` (one row per student and question, plus a TOTAL row), ``gradebook.csv``
(one row per student: total, status and one column per question, the shape gradebooks import)
and one feedback file per student.

A class at a time: ``--jobs N`` grades N submissions at once, each in its own sandbox with its
own limits.  Each result is written to ``OUT/.results/`` the moment it is graded (atomically),
keyed by the submission's file name and sha256 and by the bundle and limits it was graded with,
so an interrupted batch loses nothing already graded and a re-run grades only new or changed
submissions (``--regrade`` grades everything again).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import csv
import hashlib
import json
import os
import pickle
import platform
import re
import resource
import select
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from course_lib import grading_wire as wire
from course_lib.exercises import PACKAGE_TESTS, TESTS_ENV

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLES = REPO / "build" / "autograder"
MAX_SUBMISSION_BYTES = 20 * 2**20
SUSPICIOUS = re.compile(
    r"course_lib\.grading|DEFAULT_BUNDLES|PACKAGE_TESTS|exercise_tests|autograder|otter\.test_files|test_case\b|COURSE_EXERCISE_TESTS|COURSE_QUICK"
    r"|/proc/self|settrace|setprofile|__builtins__|import builtins|gc\.get_objects|os\.dup"
    r"|sys\.modules\[|grading_runner|ctrl_out|__stdout__|os\.write\("
)


@dataclass
class Limits:
    """Resource limits for one submission (seconds, mebibytes)."""

    cell_seconds: float = 300
    test_seconds: float = 120
    submission_seconds: float = 1200
    memory_mb: int = 8192  # the notebook's process
    judge_memory_mb: int = 3072  # the judge's, beyond what its fork server had mapped
    file_mb: int = 64
    time_multiple: float = 10  # cell and test limits: multiple x the solution's time + margin
    time_margin: float = 10

    def scaled(self, seconds: float, cap: float) -> float:
        return round(min(cap, self.time_multiple * seconds + self.time_margin), 1)


@dataclass
class Assignment:
    """An exercise set's pristine tests (hidden ones included) and its point total."""

    name: str
    tests: dict[str, str]
    total: float
    timing: dict | None = None  # the solution's seconds per cell and per test (calibrate())
    master_sha256: str = ""
    given: dict = field(default_factory=dict)  # the values the notebook gives (calibrate())

    _input: tuple | None = field(default=None, repr=False, compare=False)

    def judge_input(self) -> bytes:
        """What each judge receives: the tests and the given values (pickled once; from the
        grader to its own judges only)."""
        if self._input is None or self._input[0] is not self.given:
            data = {"tests": self.tests, "given": self.given}
            self._input = (self.given, pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
        return self._input[1]

    def cell_limits(self, limits: Limits) -> dict[str, float]:
        """Time limit per code cell (by cell id): a multiple of what the solution took there,
        plus a margin, never more than ``limits.cell_seconds``."""
        cells = (self.timing or {}).get("cells", {})
        return {cid: limits.scaled(sec, limits.cell_seconds) for cid, sec in cells.items()}

    def default_cell_limit(self, limits: Limits) -> float:
        """For a cell the solution does not have (a learner's own): the largest cell limit."""
        return max(self.cell_limits(limits).values(), default=limits.cell_seconds)

    def test_limit(self, limits: Limits) -> float:
        tests = (self.timing or {}).get("tests")
        return limits.test_seconds if tests is None else limits.scaled(tests, limits.test_seconds)

    @classmethod
    def load(cls, name: str, bundles: Path = DEFAULT_BUNDLES) -> Assignment:
        """Read a set's bundle; (re)build it first when its master is here and it is missing
        or older than the master."""
        from course_lib.exercises import build_bundle, master_hash, total_points

        path = Path(bundles) / f"{name}.json"
        master = REPO / "masters" / f"{name}.ipynb"
        data = json.loads(path.read_text()) if path.exists() else None
        if master.exists() and (data is None or data.get("master_sha256") != master_hash(master)):
            data = json.loads(build_bundle(master, Path(bundles)).read_text())
        if data is None:
            raise SystemExit(f"no autograder bundle {path} and no master to build it from")
        assignment = cls(data["name"], data["tests"], float(data["total"]))
        assignment.master_sha256 = data.get("master_sha256", "")
        if abs(total_points(assignment.tests) - assignment.total) > 1e-9:
            raise SystemExit(f"{path}: tests do not add up to the recorded total; regenerate it")
        return assignment


@dataclass
class QuestionScore:
    question: str
    score: float
    max: float
    failed: list[str] = field(default_factory=list)


@dataclass
class Result:
    """The outcome for one submission."""

    student: str
    file: str
    status: str = "graded"
    reason: str = ""
    questions: list[QuestionScore] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    cell_errors: list[str] = field(default_factory=list)
    output: str = ""
    seconds: float = 0.0
    test_seconds: list[float] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(q.score for q in self.questions)

    @property
    def max(self) -> float:
        return sum(q.max for q in self.questions)


# --------------------------------------------------------------------------- reading


def read_submission(path: Path):
    """The notebook in a submission file, or ``(None, reason)`` if there is none."""
    if path.stat().st_size > MAX_SUBMISSION_BYTES:
        return None, f"file larger than {MAX_SUBMISSION_BYTES // 2**20} MiB"
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                names = [
                    i
                    for i in zf.infolist()
                    if i.filename.endswith(".ipynb") and "__MACOSX" not in i.filename
                ]
                if len(names) != 1:
                    return None, f"zip file holds {len(names)} notebooks, expected exactly 1"
                if names[0].file_size > MAX_SUBMISSION_BYTES:
                    return None, "notebook in the zip file is too large"
                text = zf.read(names[0]).decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        return None, f"not a readable notebook ({type(exc).__name__}: {str(exc)[:120]})"
    if not isinstance(nb.get("cells"), list):
        return None, "not a notebook (no cells)"
    return nb, ""


def declared_set(nb) -> str | None:
    """The exercise set a notebook says it belongs to (from the generator's metadata)."""
    meta = nb.get("metadata", {})
    return meta.get("course", {}).get("exercise_set") or meta.get("otter", {}).get(
        "assignment_name"
    )


# --------------------------------------------------------------------------- sandbox


def bwrap_available() -> bool:
    """True when bubblewrap is installed and can create a sandbox here."""
    exe = shutil.which("bwrap")
    if not exe:
        return False
    probe = [exe, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def _sandbox_prefix(workdir: Path, hide: list[Path]) -> list[str]:
    # everything read-only (the course, its virtual env and data may live anywhere, /tmp
    # included), an empty tmpfs over each hidden folder, and the work folder writable
    cmd = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    for path in hide:
        if path.exists():
            cmd += ["--tmpfs", str(path)]
    cmd += ["--bind", str(workdir), str(workdir)]
    cmd += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--die-with-parent"]
    cmd += ["--new-session", "--chdir", str(workdir), "--"]
    return cmd


def _limit(limits: Limits):
    def apply():
        mem = limits.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        size = limits.file_mb * 2**20
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def _tree_hash(root: Path, suffixes=(".py", ".ipynb", ".json"), cap: int = 64 * 2**20) -> str:
    """Hash of the names and contents of the course files (by suffix) under ``root``.

    The folder may be the submission's own, so nothing in it is followed or trusted: links
    and special files count by what they are, files are opened without following links and
    read up to ``cap`` bytes, and a file that cannot be read counts by its error (the hash
    then differs from the pristine one, and the grader flags it)."""
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
            path = os.path.join(folder, name)
            if not name.endswith(suffixes):
                continue
            h.update(os.path.relpath(path, root).encode() + b"\0")
            try:
                info = os.lstat(path)
                if not stat.S_ISREG(info.st_mode):
                    h.update(f"not a plain file: {stat.filemode(info.st_mode)}".encode())
                    continue
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                with os.fdopen(fd, "rb") as fh:
                    h.update(fh.read(cap + 1))
            except OSError as exc:
                h.update(f"unreadable: {type(exc).__name__}".encode())
    return h.hexdigest()


def _environment(workdir: Path, threads: int | None = None) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "MPLCONFIGDIR": str(workdir),
        "MPLBACKEND": "Agg",
        "MALLOC_ARENA_MAX": "2",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TQDM_DISABLE": "1",
        "LANG": "C.UTF-8",
        TESTS_ENV: str(workdir / "tests"),
    }
    # the thread settings too: a class graded in parallel (or beside a test run) must not
    # start more compute threads than there are cores, or every job slows down many times over
    for key in (
        "COURSE_DATA",
        "COURSE_QUICK",
        "COURSE_DEVICE",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
    ):
        if key in os.environ:
            env[key] = os.environ[key]
    if threads and "OMP_NUM_THREADS" not in os.environ:  # the cores shared among the jobs
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(threads)
    return env


@dataclass
class Isolation:
    """How submissions are kept apart from the course: ``sandbox`` (bubblewrap or not), the
    folders they must not see (``hide``) and the course files they must not change
    (``protect``, checked after every run)."""

    sandbox: bool
    hide: list[Path]
    protect: list[Path]
    threads: int | None = None  # compute threads per submission (None: the library's default)
    scratch: Path | None = None  # the work folders' parent, hidden from every sandbox
    judge: JudgeServer | None = None  # forks the judges (one is started per submission if None)


def run_submission(
    nb, assignment: Assignment, limits: Limits, iso: Isolation, timing=None, calibration=None
):
    """Execute a notebook in the sandbox, run the tests on it from outside, and return
    ``(report or None, reason, flags)``.  ``timing`` (a dict) receives the seconds each code
    cell took, by cell id, as the grader measured them; ``calibration`` holds the judge's
    settings when :func:`calibrate` grades (``record``, ``lenient``)."""
    flags: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="grade-", dir=iso.scratch))
    try:
        nbformat.write(nb, workdir / "submission.ipynb")
        tests_copy = workdir / "tests" / assignment.name
        shutil.copytree(PACKAGE_TESTS / assignment.name, tests_copy)
        before = _tree_hash(tests_copy)
        course_files = [PACKAGE_TESTS / assignment.name, *[p for p in iso.protect if p.is_dir()]]
        course_before = [_tree_hash(p) for p in course_files]
        cell_limits = {
            "cells": assignment.cell_limits(limits),
            "cell": assignment.default_cell_limit(limits),
            "request": assignment.test_limit(limits),
        }
        cmd = [sys.executable, "-m", "course_lib.grading_runner", str(workdir / "submission.ipynb")]
        cmd += [json.dumps(cell_limits)]
        if iso.sandbox:
            cmd = _sandbox_prefix(workdir, iso.hide) + cmd
        ids = [str(c.get("id")) for c in nb.cells if c.cell_type == "code"]
        report, reason = _converse(cmd, workdir, assignment, limits, iso, ids, timing, calibration)
        if not tests_copy.exists() or _tree_hash(tests_copy) != before:
            flags.append("tampering: the submission modified or removed the public tests")
        if [_tree_hash(p) for p in course_files] != course_before:
            flags.append("tampering: the submission modified course files outside its folder")
        return report, reason, flags
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _converse(cmd, workdir: Path, assignment: Assignment, limits: Limits, iso: Isolation,
              cell_ids=(), timing=None, calibration=None):  # fmt: skip
    """Run the notebook's cells in the sandbox (``cmd``), then the tests in a judge process of
    the grader's own that talks to the sandbox; return ``(report or None, reason)``."""
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=workdir,
        env=_environment(workdir, iso.threads),
        preexec_fn=_limit(limits),
        start_new_session=True,
    )
    deadline = time.monotonic() + limits.submission_seconds
    buffer, cell, ready, reason, judge = b"", None, None, "", None
    started = time.monotonic()
    try:
        while ready is None:
            chunk = _read_chunk(proc.stdout.fileno(), deadline)
            if chunk is None:
                where = f" (it was running code cell {cell})" if cell is not None else ""
                reason = f"time-out: stopped after {limits.submission_seconds:g} s{where}"
                return None, reason
            if not chunk:
                proc.wait(timeout=10)
                where = f" while running code cell {cell}" if cell is not None else ""
                code = proc.returncode
                return None, f"the notebook ended the grading process (exit code {code}){where}"
            buffer += chunk
            if len(buffer) > 16 * 2**20:
                return None, "grading channel flooded"
            while b"\n" in buffer and ready is None:
                line, buffer = buffer.split(b"\n", 1)
                text = line.decode("utf-8", "replace")
                now = time.monotonic()
                if text.startswith(("CELL ", "READY")) and cell is not None and timing is not None:
                    if cell.isdigit() and int(cell) < len(cell_ids):
                        timing[cell_ids[int(cell)]] = now - started
                started = now
                if text.startswith("CELL "):
                    cell = text[5:]
                elif text.startswith("READY"):
                    ready = text[5:]
        try:  # the notebook's own account of its cells: only for the feedback
            notebook = json.loads(ready)
            cells = [
                {"cell": int(c["cell"]), "error": str(c["error"])[:1000]}
                for c in notebook["cells"][:1000]
                if isinstance(c, dict) and isinstance(c.get("cell"), int) and "error" in c
            ]
            output = str(notebook["output"])[:25_000]
        except (ValueError, KeyError, TypeError):
            cells, output = [], ""
        tests = assignment.judge_input()
        seconds = assignment.test_limit(limits) + 10
        judges = iso.judge or JudgeServer(iso.threads)
        job = {"seconds": seconds, "memory_mb": limits.judge_memory_mb}
        job.update(calibration or {})
        try:
            pid, result_fd = judges.start(proc.stdout.fileno(), proc.stdin.fileno(), tests, job)
        finally:
            if iso.judge is None:
                judges.close()
        judge = pid
        result = _read_until(result_fd, deadline)
        if result is None:
            stopped = f"stopped after {limits.submission_seconds:g} s"
            return None, f"time-out: {stopped} (running the tests)"
        lines = [ln for ln in result.decode().splitlines() if ln.startswith("RESULT ")]
        if not lines:
            return None, "the tests could not be run (the judge stopped without a result)"
        return {**json.loads(lines[-1][7:]), "cells": cells, "output": output}, ""
    finally:
        for group in (judge, proc.pid):
            if group is not None:
                try:
                    os.killpg(group, 9)
                except (ProcessLookupError, PermissionError):
                    pass
        proc.wait()


def _read_chunk(fd: int, deadline: float) -> bytes | None:
    """The next bytes written to pipe ``fd`` (``b""`` once it is closed); None past
    ``deadline``."""
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if ready:
            return os.read(fd, 1 << 16)
    return None


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to pipe ``fd`` until it closes; None past ``deadline``."""
    chunks = []
    try:
        while chunk := _read_chunk(fd, deadline):
            chunks.append(chunk)
        return None if chunk is None else b"".join(chunks)
    finally:
        os.close(fd)


class JudgeServer:
    """The judges' fork server (:func:`course_lib.grading_judge.serve`), one per batch: it
    imports torch, otter and the course once, then forks a fresh judge per submission, which
    saves each submission about two seconds of start-up."""

    def __init__(self, threads: int | None = None):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "course_lib.grading_judge", "--serve",
             str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=tempfile.gettempdir(),
            env=_judge_environment(threads),
            start_new_session=True,
        )  # fmt: skip
        theirs.close()
        self.sock, self.lock = ours, threading.Lock()

    def start(self, from_sandbox: int, to_sandbox: int, tests: bytes, job: dict):
        """Fork a judge for one submission (``job``: its ``seconds`` per test, ``memory_mb``,
        and when calibrating, ``record`` and ``lenient``); return its process id and the
        pipe its result comes on."""
        tests_r, tests_w = os.pipe()
        result_r, result_w = os.pipe()
        try:
            with self.lock:
                fds = [from_sandbox, to_sandbox, tests_r, result_w]
                socket.send_fds(self.sock, [json.dumps(job).encode()], fds)
                reply = self.sock.recv(4)
            if len(reply) != 4:
                raise RuntimeError("the judges' fork server stopped")
        finally:
            os.close(tests_r)
            os.close(result_w)
        threading.Thread(target=_write_all, args=(tests_w, tests), daemon=True).start()
        return struct.unpack(">i", reply)[0], result_r

    def close(self) -> None:
        self.sock.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _write_all(fd: int, data: bytes) -> None:
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError:
        pass  # the judge was killed before it read its tests


def _judge_environment(threads: int | None) -> dict[str, str]:
    """The judge runs the course's own tests: the grader's environment, fewer threads."""
    env = dict(os.environ)
    if threads and "OMP_NUM_THREADS" not in os.environ:
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(threads)
    env["MPLBACKEND"] = "Agg"
    env["MALLOC_ARENA_MAX"] = "2"  # as in the sandbox: each thread's arena counts in the limit
    return env


# --------------------------------------------------------------------------- scoring


def score_report(assignment: Assignment, report: dict | None) -> tuple[list[QuestionScore], list]:
    """Scores per question from the pristine tests and the pass/fail report; and flags."""
    from otter.test_files import ExceptionTestFile
    from otter.test_files.abstract_test import TestCaseResult

    flags = []
    reported = {(t["file"], t["name"]): t for t in (report or {}).get("tests", [])}
    known = set()
    questions = []
    for filename, source in sorted(assignment.tests.items()):
        pristine = ExceptionTestFile.from_string(source, path=filename)
        results, failed = [], []
        for tc in pristine.test_cases:
            known.add((filename, tc.name))
            entry = reported.get((filename, tc.name), {})
            passed = entry.get("passed") is True
            results.append(
                TestCaseResult(test_case=tc, message=entry.get("message"), passed=passed)
            )
            if not passed:
                label = "hidden test" if tc.hidden else f"test {tc.name}"
                failed.append(f"{label}: {entry.get('message') or 'not passed'}")
        pristine.test_case_results = results
        questions.append(
            QuestionScore(pristine.name, float(pristine.score), float(pristine.possible), failed)
        )
    if report is not None:
        missing = known - set(reported)
        unknown = set(reported) - known
        if unknown:
            flags.append(f"tampering: {len(unknown)} unknown test results reported")
        if missing:
            flags.append(f"{len(missing)} test results missing from the run")
    total = sum(q.max for q in questions)
    if abs(total - assignment.total) > 1e-9:
        raise RuntimeError(f"maximum {total} differs from the assignment total {assignment.total}")
    return questions, flags


def _mode() -> str:
    return "quick" if os.environ.get("COURSE_QUICK") else "full"


def timing_path(name: str, bundles: Path) -> Path:
    """Where the solution's measured times are kept: per set and per mode (quick or full)."""
    return Path(bundles) / f"{name}.timing-{_mode()}.json"


def given_path(assignment: Assignment, bundles: Path) -> Path:
    """Where the set's given values are kept: per set, mode and master."""
    sha = assignment.master_sha256[:16]
    return Path(bundles).resolve() / f"{assignment.name}.given-{_mode()}-{sha}.pkl"


def calibrate(assignment: Assignment, limits: Limits, iso: Isolation, bundles: Path) -> dict:
    """Measure the set on its blank notebook and its solution; return (and keep) the record.

    * The **given values**.  The blank is graded first, and every plain value a test asks
      for is recorded.  A value that is the same at every fetch and that no solution line
      binds or changes (:func:`course_lib.exercises.answer_names`) is a candidate: data,
      labels or a constant the notebook gives.  The solution is then graded with the
      candidates given, as every submission will be; one it sees otherwise is dropped.  The
      rest are kept in :func:`given_path`, and when grading, each judge hands the tests these
      values rather than the submission's, which may have been changed (:class:`RemoteEnv
      <course_lib.grading_judge.RemoteEnv>`).  Without a master nothing is given.
    * The **time limits**: that run of the solution, with the caps as limits, times each of
      its code cells and its slowest test (:meth:`Assignment.cell_limits` scales them).

    Raises ``SystemExit`` when the solution does not earn every point without a cell error,
    or the blank earns any: the set itself is broken.
    """
    from course_lib import exercises

    bundles = Path(bundles).resolve()
    assignment.timing, assignment.given = None, {}
    master = REPO / "masters" / f"{assignment.name}.ipynb"
    solution = REPO / "solutions" / f"{assignment.name}.ipynb"
    blank = REPO / "exercises" / f"{assignment.name}.ipynb"
    bundles.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=iso.scratch) as tmp:  # hidden from the sandbox
        recorded = [Path(tmp) / f"{who}.pkl" for who in ("blank", "solution")]
        if master.exists() and (not blank.exists() or exercises.learner_changes(blank)):
            # the student notebook here holds someone's work: the blank is made afresh
            built = exercises.build(master, Path(tmp) / "assign")
            blank = Path(tmp) / blank.name
            nbformat.write(built[f"exercises/{assignment.name}.ipynb"], blank)
        empty = grade_one(blank, assignment, limits, iso, calibration={"record": str(recorded[0])})
        if empty.status != "graded" or empty.score != 0:
            raise SystemExit(
                f"the blank notebook of {assignment.name} scores {empty.score:g} "
                f"({empty.status}; {empty.reason or empty.questions}): fix the set first"
            )
        with open(recorded[0], "rb") as fh:  # written by our own judge
            unsolved = pickle.load(fh)
        answers = exercises.answer_names(master) if master.exists() else None
        assignment.given = {
            name: fetches[0]
            for name, fetches in unsolved["values"].items()
            if answers is not None and name not in answers
            if all(wire.same_value(fetches[0], other) for other in fetches[1:])
        }
        measured: dict[str, float] = {}
        settings = {"record": str(recorded[1]), "lenient": True}
        result = grade_one(solution, assignment, limits, iso, measured, settings)
        if result.status != "graded" or result.score != result.max or result.cell_errors:
            why = result.reason or result.cell_errors or result.questions
            raise SystemExit(
                f"the solution of {assignment.name} scores {result.score:g}/{result.max:g} "
                f"({result.status}; {why}): fix the set before grading with it"
            )
        with open(recorded[1], "rb") as fh:
            solved = pickle.load(fh)
    given = {k: v for k, v in assignment.given.items() if k not in solved["changed"]}
    data = pickle.dumps({"values": given}, pickle.HIGHEST_PROTOCOL)
    where = given_path(assignment, bundles)
    for old in bundles.glob(f"{assignment.name}.given-{_mode()}-*.pkl"):
        old.unlink(missing_ok=True)  # those of earlier masters
    tmp = where.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, where)
    record = {
        "master_sha256": assignment.master_sha256,
        "environment": fingerprint(),
        "cells": {cid: round(sec, 3) for cid, sec in measured.items()},
        "tests": max(result.test_seconds, default=0.0),
        "solution_seconds": round(result.seconds, 1),
        "solution_score": result.score,
        "max": result.max,
        "blank_score": empty.score,
        "given": sorted(given),
        "given_sha256": hashlib.sha256(data).hexdigest(),
        # what the tests take as objects: these stay the submission's (the learner's own
        # functions and models, and objects the notebook gives, such as a data loader)
        "objects": solved["objects"],
    }
    where = timing_path(assignment.name, bundles)
    tmp = where.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(record, indent=1))
    os.replace(tmp, where)
    assignment.timing, assignment.given = record, given
    return record


def fingerprint() -> dict:
    """What the solution's times and the given values depend on besides the master: the
    machine, the libraries and the data.  (Not the number of threads per submission, which
    ``--jobs`` sets: a batch resumed with another ``--jobs`` keeps its stored results.)"""
    import numpy
    import torch

    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu
            )
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "data": os.environ.get("COURSE_DATA", ""),
    }


def load_timing(assignment: Assignment, bundles: Path) -> dict | None:
    """The solution's measured times for this set, mode and master, if they were measured
    in this environment (:func:`fingerprint`); also loads the set's given values into
    ``assignment.given``."""
    try:
        record = json.loads(timing_path(assignment.name, bundles).read_text())
        data = given_path(assignment, bundles).read_bytes()
    except (OSError, ValueError):
        return None
    if record.get("master_sha256") != assignment.master_sha256:
        return None
    if record.get("environment") != fingerprint():
        return None  # another machine, library or data folder: measure again
    if record.get("given_sha256") != hashlib.sha256(data).hexdigest():
        return None  # not the values this record was made with: measure again
    assignment.given = pickle.loads(data)["values"]
    return record


def grade_one(
    path: Path,
    assignment: Assignment,
    limits: Limits,
    iso: Isolation,
    timing=None,
    calibration=None,
) -> Result:
    """Grade one submission file; never raises for a bad submission.  ``timing`` (a dict)
    receives the seconds each code cell took, by cell id; for ``calibration`` see
    :func:`run_submission`."""
    start = time.perf_counter()
    result = Result(student=re.sub(r"[^\w.-]+", "_", path.stem), file=path.name)
    try:
        report = _grade_into(result, path, assignment, limits, iso, timing, calibration)
    except Exception as exc:  # a grader bug or an attack on it: this submission only
        report = None
        result.status = "failed"
        result.reason = f"the grader could not grade it ({type(exc).__name__}: {str(exc)[:200]})"
    result.questions, flags = score_report(assignment, report)
    result.flags += flags
    if any(f.startswith("tampering") for f in result.flags):
        result.status = "flagged"
    result.seconds = time.perf_counter() - start
    return result


def _grade_into(result: Result, path: Path, assignment, limits, iso, timing, calibration):
    """Run one submission and fill ``result`` in; return the judge's report (or None)."""
    nb, problem = read_submission(path)
    report = None
    if nb is None:
        result.status, result.reason = "invalid", problem
    elif (declared := declared_set(nb)) not in (None, assignment.name):
        result.status = "wrong set"
        result.reason = f"this notebook is for exercise set {declared!r}, not {assignment.name!r}"
    else:
        if declared is None:
            result.flags.append(
                "notebook has no exercise-set metadata (not made from the student notebook?)"
            )
        code = [c for c in nb.cells if c.cell_type == "code"]
        if not any(c.source.strip() for c in code):
            result.reason = "the notebook has no code"
        hits = sorted({m.group(0) for c in code for m in SUSPICIOUS.finditer(c.source)})
        if hits:
            result.flags.append("suspicious code, review by hand: " + ", ".join(hits))
        report, reason, flags = run_submission(nb, assignment, limits, iso, timing, calibration)
        result.flags += flags
        if report is None:
            result.status, result.reason = "failed", reason
        else:
            result.cell_errors = [f"code cell {e['cell']}: {e['error']}" for e in report["cells"]]
            result.output = report.get("output", "")
            result.test_seconds = [float(t.get("seconds", 0)) for t in report["tests"]]
            changed = [str(n) for n in report.get("given_changed", [])]
            if changed:
                result.flags.append(
                    f"the notebook changed values it is given ({', '.join(changed[:8])}); "
                    "its tests used the given ones"
                )
            troubles = sorted(
                {str(t["judge_error"]) for t in report["tests"] if t.get("judge_error")}
            )
            if troubles:  # the grader's fault, not the learner's: worth a regrade
                result.flags.append(f"grader: {'; '.join(troubles)}: regrade with more memory")
    return report


# --------------------------------------------------------------------------- batch


def find_submissions(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))


def infer_set(paths: list[Path]) -> str:
    names = {declared_set(nb) for p in paths for nb, _ in [read_submission(p)] if nb is not None}
    names.discard(None)
    if len(names) != 1:
        raise SystemExit(f"cannot tell the exercise set (found {sorted(names)}); pass SET=<name>")
    return names.pop()


def write_outputs(results: list[Result], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    csv_path = out / "grades.csv"
    with csv_path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "file", "question", "score", "max", "status", "flags", "reason"])
        for r in results:
            flags = "; ".join(r.flags)
            for q in r.questions:
                w.writerow(
                    [
                        r.student,
                        r.file,
                        q.question,
                        f"{q.score:g}",
                        f"{q.max:g}",
                        r.status,
                        flags,
                        r.reason,
                    ]
                )
            w.writerow(
                [
                    r.student,
                    r.file,
                    "TOTAL",
                    f"{r.score:g}",
                    f"{r.max:g}",
                    r.status,
                    flags,
                    r.reason,
                ]
            )
    questions = list(dict.fromkeys(q.question for r in results for q in r.questions))
    with (out / "gradebook.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "total", "max", "status", *questions])
        for r in results:
            scores = {q.question: f"{q.score:g}" for q in r.questions}
            w.writerow(
                [r.student, f"{r.score:g}", f"{r.max:g}", r.status, *map(scores.get, questions)]
            )
    for r in results:
        (out / "feedback" / f"{r.student}.md").write_text(feedback(r))
    return csv_path


def feedback(r: Result) -> str:
    lines = [
        f"# Feedback for {r.student} ({r.file})",
        "",
        f"Score: {r.score:g} / {r.max:g} ({r.status})",
    ]
    if r.reason:
        lines += ["", f"Note: {r.reason}"]
    if r.flags:
        lines += ["", "Flags for the teacher: " + "; ".join(r.flags)]
    lines += ["", "| question | score | max |", "|---|---|---|"]
    lines += [f"| {q.question} | {q.score:g} | {q.max:g} |" for q in r.questions]
    for q in r.questions:
        if q.failed:
            lines += ["", f"## {q.question}", *[f"- {f}" for f in q.failed]]
    if r.cell_errors:
        lines += ["", "## Cells that raised an error", *[f"- {e}" for e in r.cell_errors]]
    return "\n".join(lines) + "\n"


def result_key(path: Path, assignment: Assignment, limits: Limits) -> str:
    """What a stored result depends on: the file (name and bytes), the bundle and the limits."""
    h = hashlib.sha256(path.name.encode() + b"\0" + path.read_bytes())
    graded_with = {
        "set": assignment.name,
        "tests": assignment.tests,
        "limits": asdict(limits),
        "cells": assignment.cell_limits(limits),
        "test": assignment.test_limit(limits),
        "given": (assignment.timing or {}).get("given_sha256"),
    }
    h.update(json.dumps(graded_with, sort_keys=True).encode())
    return h.hexdigest()


def _store(result: Result, where: Path) -> None:
    """Write one result so that a crash leaves either the whole file or none."""
    tmp = where.with_suffix(f".tmp{os.getpid()}-{id(result)}")
    tmp.write_text(json.dumps(asdict(result)))
    os.replace(tmp, where)


def _load(where: Path) -> Result | None:
    try:
        data = json.loads(where.read_text())
    except (OSError, ValueError):
        return None
    data["questions"] = [QuestionScore(**q) for q in data["questions"]]
    return Result(**data)


def default_jobs(limits: Limits) -> int:
    """As many submissions at once as there are cores and as the memory limits fit (each
    job is a notebook's process and its judge)."""
    memory_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    per_job = limits.memory_mb + limits.judge_memory_mb
    return max(1, min(os.cpu_count() or 1, memory_mb // per_job))


def grade_folder(
    folder: Path,
    name: str | None,
    out: Path,
    limits: Limits,
    bundles=DEFAULT_BUNDLES,
    jobs: int | None = None,
    regrade: bool = False,
):
    """Grade every submission in ``folder`` (``jobs`` at once; results already stored in
    ``out`` are reused unless ``regrade``); write the CSVs and feedback; return the results."""
    paths = find_submissions(folder)
    if not paths:
        raise SystemExit(f"no submissions in {folder}")
    assignment = Assignment.load(name or infer_set(paths), bundles)
    jobs = jobs or default_jobs(limits)
    with isolation(bundles, [Path(folder), out], jobs) as iso:
        return _grade_all(paths, assignment, out, limits, bundles, jobs, regrade, iso)


@contextlib.contextmanager
def isolation(bundles: Path, hide=(), jobs: int = 1):
    """What grading ``jobs`` submissions at once needs: the sandbox's settings (the folders
    it hides and protects, ``hide`` among them), a parent for the work folders and the
    judges' fork server; both are removed on leaving."""
    sandbox = bwrap_available()
    if not sandbox:
        print("WARNING: bubblewrap not available: submissions run with limits but without a "
              "sandbox (see README, 'Grading').", file=sys.stderr)  # fmt: skip
    protect = [Path(bundles).resolve(), REPO / "solutions", REPO / "masters"]
    # the other submissions' work folders (graded at the same time) are under `scratch`, and
    # the repository's history holds the masters and solutions
    scratch = Path(tempfile.mkdtemp(prefix="grading-"))
    hide = [*protect, REPO / ".git", scratch, *(Path(p).resolve() for p in hide)]
    for path in hide:  # hiding a folder that holds the course would hide the grader too
        if any(p == path or path in p.parents for p in (REPO, Path(sys.prefix).resolve())):
            shutil.rmtree(scratch, ignore_errors=True)
            raise SystemExit(f"{path} contains the course or its Python: use folders inside it")
    threads = max(1, (os.cpu_count() or 1) // jobs)
    iso = Isolation(sandbox, hide, protect, threads, scratch, JudgeServer(threads))
    try:
        yield iso
    finally:
        iso.judge.close()
        shutil.rmtree(scratch, ignore_errors=True)


def prepare(assignment: Assignment, limits: Limits, iso: Isolation, bundles: Path) -> None:
    """Load the set's measurements (:func:`calibrate`), measuring them first if needed."""
    assignment.timing = load_timing(assignment, bundles)
    if assignment.timing is None and (REPO / "solutions" / f"{assignment.name}.ipynb").exists():
        print(f"grading the blank and the solution of {assignment.name} once, for its time "
              "limits and given values ...")  # fmt: skip
        calibrate(assignment, limits, iso, bundles)
    if assignment.timing is None:
        print(f"no solution to time: every cell gets {limits.cell_seconds:g} s", file=sys.stderr)


def _grade_all(paths, assignment, out, limits, bundles, jobs, regrade, iso):
    from tqdm.auto import tqdm

    prepare(assignment, limits, iso, bundles)
    store = out / ".results"
    store.mkdir(parents=True, exist_ok=True)
    where = {p: store / f"{result_key(p, assignment, limits)}.json" for p in paths}
    results = {} if regrade else {p: r for p in paths if (r := _load(where[p])) is not None}
    todo = [p for p in paths if p not in results]

    def grade(path):
        result = grade_one(path, assignment, limits, iso)
        _store(result, where[path])
        return path, result

    desc = f"grading {assignment.name} ({len(results)} done before, {jobs} at a time)"
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        running = [pool.submit(grade, p) for p in todo]
        done = concurrent.futures.as_completed(running)
        for future in tqdm(done, total=len(todo), desc=desc, unit="submission"):
            path, result = future.result()
            results[path] = result
    results = [results[p] for p in paths]
    csv_path = write_outputs(results, out)
    print(f"{'student':<24}{'score':>10}  status")
    for r in results:
        flag = f"  [{r.flags[0]}]" if r.flags else ""
        print(f"{r.student:<24}{r.score:>5g}/{r.max:<4g}  {r.status}{flag}")
    mean = sum(r.seconds for r in results) / len(results)
    print(f"{len(results)} submissions ({len(todo)} graded now, {len(paths) - len(todo)} "
          f"from earlier runs), {mean:.1f} s each on average")  # fmt: skip
    print(f"wrote {csv_path}, {out / 'gradebook.csv'} and {out / 'feedback'}/")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grade exercise submissions in a sandbox.")
    parser.add_argument("submissions", type=Path, help="folder of .ipynb / .zip submissions")
    parser.add_argument("--set", dest="name", help="exercise set (default: from the notebooks)")
    parser.add_argument("--out", type=Path, default=Path("grades"))
    parser.add_argument("--bundles", type=Path, default=DEFAULT_BUNDLES)
    parser.add_argument("--cell-seconds", type=float, default=Limits.cell_seconds)
    parser.add_argument("--submission-seconds", type=float, default=Limits.submission_seconds)
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb)
    parser.add_argument("--jobs", type=int, help="submissions at once (default: cores and memory)")
    parser.add_argument("--regrade", action="store_true", help="ignore results stored in --out")
    args = parser.parse_args(argv)
    limits = Limits(
        cell_seconds=args.cell_seconds,
        submission_seconds=args.submission_seconds,
        memory_mb=args.memory_mb,
    )
    grade_folder(
        args.submissions, args.name, args.out, limits, args.bundles, args.jobs, args.regrade
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
