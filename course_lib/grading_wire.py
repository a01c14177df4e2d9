"""The grading channel's wire format: plain data only, in both directions' framing.

A submission's answers cross from the sandbox to the grader as *plain data*: ``None``, booleans,
numbers, strings, bytes, lists, tuples, dicts and sets of plain data, NumPy arrays and scalars
of numeric dtypes and PyTorch tensors (sent as dtype, shape and raw bytes).  Anything else is
sent as a *handle*: a number that names the object inside the sandbox, with its class names for
``isinstance``.  :func:`decode` builds nothing but those values, so whatever a submission sends,
the grader never runs its code (no pickle crosses that way).

The grader's requests to the sandbox (a test's inputs) may be pickled: the sandbox is the
receiving end, and it can only hurt itself.

A frame is ``>QI`` (header length, number of buffers), the header's JSON, then each buffer as
``>Q`` length and bytes.
"""

from __future__ import annotations

import json
import struct
import sys

MAX_FRAME = 1 << 29  # one answer of at most 512 MiB (the grader's memory limit applies too)
MAX_HEADER = 16 << 20  # its JSON part (the structure; the arrays' bytes are separate)
MAX_DEPTH = 40
NUMERIC_KINDS = "biufc"  # bool, int, uint, float, complex: never object, str or void


class WireError(ValueError):
    """A frame that is not well-formed plain data."""


class Handle:
    """An object that stays in the sandbox: its number and what it says its classes are."""

    __slots__ = ("id", "info")

    def __init__(self, id_: int, info: dict):
        self.id, self.info = id_, info


# --------------------------------------------------------------------------- encoding


def _tensor_types():
    torch = sys.modules.get("torch")
    return (torch.Tensor, torch.Size, torch.dtype, torch.device) if torch else ()


def encode(obj, handle_of=None):
    """``(header, buffers)`` for ``obj``.  ``handle_of(obj) -> Handle`` names what is not plain
    data; without it such an object raises :class:`WireError`."""
    import numpy as np

    buffers: list[bytes] = []
    torch_types = _tensor_types()

    def buf(data: bytes) -> int:
        buffers.append(bytes(data))
        return len(buffers) - 1

    def enc(x, depth):
        if depth > MAX_DEPTH:
            return opaque(x)
        if x is None or isinstance(x, (bool, str)):
            return x if not isinstance(x, str) else str(x)
        if isinstance(x, int):
            return int(x)
        if isinstance(x, float):
            return {"$f": repr(float(x))}
        if isinstance(x, complex):
            return {"$c": [repr(x.real), repr(x.imag)]}
        if isinstance(x, (bytes, bytearray)):
            return {"$b": buf(x)}
        if isinstance(x, np.ndarray) and x.dtype.kind in NUMERIC_KINDS:
            a = np.ascontiguousarray(x)
            return {"$a": [a.dtype.str, list(a.shape), buf(a.tobytes())]}
        if isinstance(x, np.generic) and x.dtype.kind in NUMERIC_KINDS:
            return {"$n": [x.dtype.str, buf(x.tobytes())]}
        if isinstance(x, np.str_):
            return str(x)
        if torch_types and isinstance(x, torch_types):
            return enc_torch(x, depth)
        if isinstance(x, tuple) and not hasattr(x, "_fields"):
            return {"$t": [enc(v, depth + 1) for v in x]}
        if isinstance(x, list):
            return [enc(v, depth + 1) for v in x]
        if isinstance(x, dict):
            return {"$d": [[enc(k, depth + 1), enc(v, depth + 1)] for k, v in x.items()]}
        if isinstance(x, (set, frozenset)):
            return {"$s": [enc(v, depth + 1) for v in x]}
        if isinstance(x, range):
            return {"$r": [x.start, x.stop, x.step]}
        return opaque(x)

    def enc_torch(x, depth):
        import torch

        if isinstance(x, torch.Size):
            return {"$S": [int(v) for v in x]}
        if isinstance(x, torch.dtype):
            return {"$dt": str(x).removeprefix("torch.")}
        if isinstance(x, torch.device):
            return {"$dev": str(x)}
        if x.is_meta:  # a shape without data (a model built to be counted, not run)
            return {"$M": [str(x.dtype).removeprefix("torch."), [int(n) for n in x.shape]]}
        t = x.detach().cpu()
        if t.is_sparse:
            t = t.to_dense()
        name = str(t.dtype).removeprefix("torch.")
        if t.dtype == torch.bfloat16:
            t = t.float()
        a = t.contiguous().numpy()
        return {"$T": [name, a.dtype.str, list(a.shape), buf(a.tobytes())]}

    def opaque(x):
        if handle_of is None:
            raise WireError(f"not plain data: {type(x).__name__}")
        h = handle_of(x)
        return {"$h": [h.id, h.info]}

    return enc(obj, 0), buffers


def pack(header, buffers=()) -> bytes:
    """One frame from a JSON-able header and byte buffers."""
    head = json.dumps(header).encode()
    parts = [struct.pack(">QI", len(head), len(buffers)), head]
    for b in buffers:
        parts += [struct.pack(">Q", len(b)), b]
    return b"".join(parts)


# --------------------------------------------------------------------------- decoding


def read_frame(stream, limit: int = MAX_FRAME):
    """``(header, buffers)`` from a binary stream; ``None`` at the end of the stream."""
    first = _read_exactly(stream, 12, allow_eof=True)
    if first is None:
        return None
    size, count = struct.unpack(">QI", first)
    if size > min(limit, MAX_HEADER) or count > 1_000_000:
        raise WireError("frame too large")
    text = _read_exactly(stream, size)
    buffers, total = [], size
    for _ in range(count):
        (n,) = struct.unpack(">Q", _read_exactly(stream, 8))
        total += n
        if total > limit:
            raise WireError("frame too large")
        buffers.append(_read_exactly(stream, n))
    try:  # after the buffers, so that a bad header leaves the stream at a frame boundary
        header = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"header is not JSON ({type(exc).__name__})") from None
    if not isinstance(header, dict):
        raise WireError("header is not an object")
    return header, buffers


def _read_exactly(stream, n: int, allow_eof: bool = False):
    parts, left = [], n
    while left:
        chunk = stream.read(left)
        if not chunk:
            if allow_eof and left == n:
                return None
            raise EOFError("the channel closed in the middle of a frame")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def decode(data, buffers, make_handle=None):
    """The plain value that :func:`encode` described; handles become ``make_handle(Handle)``
    (default: the :class:`Handle` itself).  Raises :class:`WireError` for anything else."""
    import numpy as np

    def get(i):
        if not isinstance(i, int) or not 0 <= i < len(buffers):
            raise WireError("bad buffer reference")
        return buffers[i]

    def dtype(s):
        d = np.dtype(str(s))
        if d.kind not in NUMERIC_KINDS or d.hasobject:
            raise WireError(f"dtype {s!r} is not numeric")
        return d

    def array(code, shape, i):
        d = dtype(code)
        shape = tuple(int(n) for n in shape)
        data = get(i)
        size = int(np.prod(shape, dtype=np.int64)) * d.itemsize
        if any(n < 0 for n in shape) or len(data) != size:
            raise WireError("array bytes do not match its shape")
        return np.frombuffer(data, dtype=d).reshape(shape).copy()

    def dec(x, depth):
        if depth > MAX_DEPTH + 2:
            raise WireError("nested too deeply")
        if x is None or isinstance(x, (bool, int, str)):
            return x
        if isinstance(x, float):
            return x
        if isinstance(x, list):
            return [dec(v, depth + 1) for v in x]
        if not isinstance(x, dict) or len(x) != 1:
            raise WireError("not a plain value")
        ((tag, v),) = x.items()
        if tag == "$f":
            return float(v)
        if tag == "$c":
            return complex(float(v[0]), float(v[1]))
        if tag == "$b":
            return get(v)
        if tag == "$t":
            return tuple(dec(e, depth + 1) for e in v)
        if tag == "$d":
            return {dec(k, depth + 1): dec(e, depth + 1) for k, e in v}
        if tag == "$s":
            return {dec(e, depth + 1) for e in v}
        if tag == "$r":
            return range(*(int(n) for n in v))
        if tag == "$a":
            return array(*v)
        if tag == "$n":
            d = dtype(v[0])
            data = get(v[1])
            if len(data) != d.itemsize:
                raise WireError("scalar bytes do not match its dtype")
            return np.frombuffer(data, dtype=d)[0]
        if tag in ("$T", "$S", "$dt", "$dev", "$M"):
            return dec_torch(tag, v)
        if tag == "$h":
            handle = Handle(int(v[0]), dict(v[1]))
            return make_handle(handle) if make_handle else handle
        raise WireError(f"unknown tag {tag!r}")

    def dec_torch(tag, v):
        import torch

        if tag == "$S":
            return torch.Size(int(n) for n in v)
        if tag == "$dt":
            d = getattr(torch, str(v), None)
            if not isinstance(d, torch.dtype):
                raise WireError(f"unknown torch dtype {v!r}")
            return d
        if tag == "$dev":
            return torch.device(str(v))
        if tag == "$M":
            d = getattr(torch, str(v[0]), None)
            if not isinstance(d, torch.dtype):
                raise WireError(f"unknown torch dtype {v[0]!r}")
            return torch.empty([int(n) for n in v[1]], dtype=d, device="meta")
        name, code, shape, i = v
        a = array(code, shape, i)
        want = getattr(torch, str(name), None)
        t = torch.from_numpy(a)
        if isinstance(want, torch.dtype) and want != t.dtype:
            t = t.to(want)
        return t

    try:
        return dec(data, 0)
    except WireError:
        raise
    except (ValueError, TypeError, OverflowError, RuntimeError, RecursionError, KeyError) as exc:
        raise WireError(f"malformed value ({type(exc).__name__})") from None


def same_value(a, b, rtol: float = 0.0, depth: int = 0) -> bool:
    """Whether two plain values (as :func:`decode` gives them) are the same: equal types,
    shapes and dtypes, equal contents (NaN equal to NaN), floats within ``rtol`` of each
    other when it is given.  Never raises: what cannot be compared is not the same."""
    try:
        return _same(a, b, rtol, depth)
    except Exception:
        return False


def _same(a, b, rtol: float, depth: int) -> bool:
    import numpy as np

    if type(a) is not type(b) or depth > 20:
        return False
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(a, torch.Tensor):
        if (a.dtype, a.shape, a.device) != (b.dtype, b.shape, b.device):
            return False
        if a.is_meta:
            return True
        wide = torch.complex128 if a.dtype.is_complex else torch.float64
        a, b = a.detach().cpu(), b.detach().cpu()
        if a.dtype.is_floating_point or a.dtype.is_complex:  # bfloat16 has no NumPy dtype
            a, b = a.to(wide), b.to(wide)
        a, b = a.numpy(), b.numpy()
    if isinstance(a, (np.ndarray, np.generic)):
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        if a.dtype.kind in "fc":
            if rtol:
                return bool(np.allclose(a, b, rtol=rtol, atol=0.0, equal_nan=True))
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, dict):
        if list(a) != list(b) or [type(k) for k in a] != [type(k) for k in b]:
            return False
        return all(_same(a[k], b[k], rtol, depth + 1) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y, rtol, depth + 1) for x, y in zip(a, b))
    if isinstance(a, float):
        if a != a:
            return b != b
        return a == b or (rtol > 0 and abs(a - b) <= rtol * abs(b))
    if isinstance(a, complex):
        return a == b or (rtol > 0 and abs(a - b) <= rtol * abs(b))
    return bool(a == b)
