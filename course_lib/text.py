"""Text for character-level language models (chapter 24).

* :class:`CharVocab`: the characters of a corpus as integers and back (``encode``/``decode``),
  and their one-hot vectors.
* :func:`ngram_cross_entropy`: the n-gram baselines, a cross-entropy in nats per character
  that any character model has to beat (add-alpha smoothing).
* :func:`bptt_batches`: a long encoded text cut into ``batch_size`` parallel streams and served
  in chunks of ``seq_len`` characters, for truncated backpropagation through time.
* :func:`char_cross_entropy`: a model's mean cross-entropy on a long text, in nats per character
  (:func:`nats_to_bits` and :func:`perplexity` convert it).
* :func:`sample_from_logits` and :func:`generate`: drawing characters with a temperature.

The model functions expect the convention of the chapter's ``CharModel``:
``model(x, state) -> (logits, state)`` with ``x`` of shape (batch, time) holding character
indices, ``logits`` of shape (batch, time, vocabulary), and ``state`` whatever the recurrent
layer carries (``None`` for a fresh start).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np
import torch
import torch.nn.functional as F


class CharVocab:
    """The vocabulary of a character model: every distinct character, in sorted order.

    >>> vocab = CharVocab.from_text("hello")
    >>> vocab.chars, len(vocab)
    (['e', 'h', 'l', 'o'], 4)
    >>> vocab.encode("hell").tolist(), vocab.decode([1, 0, 2, 2, 3])
    ([1, 0, 2, 2], 'hello')
    """

    def __init__(self, chars: Sequence[str]):
        chars = list(chars)
        if len(set(chars)) != len(chars) or any(len(c) != 1 for c in chars):
            raise ValueError("a vocabulary holds distinct single characters")
        self.chars = chars
        self.index = {c: i for i, c in enumerate(chars)}

    @classmethod
    def from_text(cls, text: str) -> CharVocab:
        """The vocabulary of ``text``: its distinct characters, sorted by code point."""
        return cls(sorted(set(text)))

    def __len__(self) -> int:
        return len(self.chars)

    def __repr__(self) -> str:
        return f"CharVocab({len(self)} characters: {''.join(self.chars)!r})"

    def encode(self, text: str) -> np.ndarray:
        """The characters of ``text`` as indices (an int64 NumPy array).

        Raises ``KeyError`` naming the first character that is not in the vocabulary.
        """
        try:
            return np.fromiter((self.index[c] for c in text), dtype=np.int64, count=len(text))
        except KeyError as exc:
            raise KeyError(f"character {exc.args[0]!r} is not in the vocabulary") from None

    def decode(self, ids) -> str:
        """The text spelled by a sequence of indices (list, NumPy array or tensor)."""
        if isinstance(ids, torch.Tensor):
            ids = ids.tolist()
        return "".join(self.chars[int(i)] for i in np.ravel(ids))

    def one_hot(self, ids) -> np.ndarray:
        """One-hot rows (float64) for a sequence of indices: shape ``(*ids.shape, len(self))``."""
        ids = np.asarray(ids)
        return np.eye(len(self))[ids]


# --------------------------------------------------------------------------- n-gram baselines


def _contexts(ids: np.ndarray, k: int, vocab_size: int) -> np.ndarray:
    """For each position t >= k, the k characters before it as one integer (base vocab_size)."""
    code = np.zeros(len(ids) - k, dtype=np.int64)
    for j in range(k):
        code = code * vocab_size + ids[j : len(ids) - k + j]
    return code


def ngram_probabilities(train_ids, order: int, vocab_size: int, alpha: float = 0.1) -> np.ndarray:
    """Add-alpha smoothed n-gram model: ``P(next | previous order-1 characters)``.

    Returns an array of shape ``(vocab_size ** (order - 1), vocab_size)`` whose row ``c`` is the
    distribution of the next character after the context with code ``c`` (the context's
    characters read as digits in base ``vocab_size``, oldest first).  Each count is
    ``count + alpha``, so unseen pairs keep a small probability.  ``order=1`` is the unigram
    (character frequencies; one row).
    """
    if order < 1:
        raise ValueError(f"order must be at least 1, got {order}")
    if alpha <= 0:
        raise ValueError(f"alpha must be positive (unseen n-grams need a probability), got {alpha}")
    ids = np.asarray(train_ids, dtype=np.int64)
    k = order - 1
    if vocab_size**order > 50_000_000:
        raise ValueError(f"a table of {vocab_size}**{order} entries is too large")
    pair = _contexts(ids, k, vocab_size) * vocab_size + ids[k:]
    counts = np.bincount(pair, minlength=vocab_size**order).reshape(-1, vocab_size) + alpha
    return counts / counts.sum(axis=1, keepdims=True)


def ngram_cross_entropy(
    train_ids, eval_ids, order: int, vocab_size: int, alpha: float = 0.1, context_ids=None
) -> float:
    """Cross-entropy in nats per character of an add-alpha n-gram model on ``eval_ids``.

    The model is counted on ``train_ids`` (:func:`ngram_probabilities`).  ``eval_ids`` is taken
    to continue ``context_ids`` (default: ``train_ids``, as the validation text continues the
    training text), so its first characters use the last ``order - 1`` characters of the
    context as their context; every character of ``eval_ids`` is scored.  Pass the validation
    text as ``context_ids`` to score the test text that follows it.  Divide by ``ln 2`` for
    bits per character.
    """
    train_ids = np.asarray(train_ids, dtype=np.int64)
    eval_ids = np.asarray(eval_ids, dtype=np.int64)
    context = train_ids if context_ids is None else np.asarray(context_ids, dtype=np.int64)
    probs = ngram_probabilities(train_ids, order, vocab_size, alpha)
    k = order - 1
    if len(context) < k:
        raise ValueError(f"an order-{order} model needs {k} characters of context")
    ids = np.concatenate([context[len(context) - k :], eval_ids]) if k else eval_ids
    return float(-np.log(probs[_contexts(ids, k, vocab_size), ids[k:]]).mean())


# --------------------------------------------------------------------------- truncated BPTT


def streams(ids, batch_size: int) -> torch.Tensor:
    """Cut a long encoded text into ``batch_size`` consecutive streams of equal length.

    Row ``b`` of the result (shape ``(batch_size, len(ids) // batch_size)``) is the ``b``-th
    slice of the text, so reading all rows left to right covers the text once; the leftover
    characters at the end are dropped.
    """
    ids = torch.as_tensor(np.asarray(ids), dtype=torch.long)
    length = len(ids) // batch_size
    if length < 2:
        raise ValueError(f"{len(ids)} characters are too few for {batch_size} streams")
    return ids[: batch_size * length].view(batch_size, length)


def bptt_batches(
    ids, batch_size: int, seq_len: int, seed: int = 0, random_offset: bool = True
) -> Iterator[tuple[torch.Tensor, torch.Tensor, bool]]:
    """Endless ``(x, y, first)`` chunks for truncated backpropagation through time.

    The text is cut into ``batch_size`` streams (:func:`streams`); each chunk ``x`` is the next
    ``seq_len`` characters of every stream, shape ``(batch_size, seq_len)``, and ``y`` is the
    same window shifted one character ahead (the targets).  Row ``b`` of a chunk continues row
    ``b`` of the previous chunk, so a model can carry its hidden state from one chunk to the
    next (detached from the graph).  ``first`` is True for the first chunk of each pass over
    the text: reset the state there.  With ``random_offset`` each pass starts at a random
    character (seeded by ``seed``), so the chunk boundaries move from pass to pass.
    """
    ids = torch.as_tensor(np.asarray(ids), dtype=torch.long)
    if len(ids) < batch_size * (seq_len + 1) + seq_len:
        raise ValueError(f"{len(ids)} characters are too few for {batch_size}x{seq_len} chunks")
    rng = np.random.default_rng(seed)
    while True:
        offset = int(rng.integers(0, seq_len)) if random_offset else 0
        data = streams(ids[offset:], batch_size)
        for start in range(0, data.shape[1] - seq_len, seq_len):
            x = data[:, start : start + seq_len]
            y = data[:, start + 1 : start + seq_len + 1]
            yield x, y, start == 0


@torch.no_grad()
def char_cross_entropy(
    model: torch.nn.Module, ids, batch_size: int = 32, seq_len: int = 256, device=None
) -> float:
    """Mean cross-entropy (nats per character) of ``model`` predicting each next character.

    The text is cut into ``batch_size`` streams and read chunk by chunk with the hidden state
    carried along, as in training, so every prediction but the first few of each stream sees
    a long context.  Scores every character of the streams except their first one.  The
    model is put in eval mode (no dropout) and left there.
    """
    device = device or next(model.parameters()).device
    model.eval()
    data = streams(ids, batch_size).to(device)
    state, total, count = None, 0.0, 0
    for start in range(0, data.shape[1] - 1, seq_len):
        x = data[:, start : min(start + seq_len, data.shape[1] - 1)]
        y = data[:, start + 1 : start + 1 + x.shape[1]]
        logits, state = model(x, state)
        total += F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="sum"
        ).item()
        count += y.numel()
    return total / count


# --------------------------------------------------------------------------- sampling


def sample_from_logits(
    logits: torch.Tensor, temperature: float = 1.0, generator: torch.Generator | None = None
) -> torch.Tensor:
    """Draw one index per row of ``logits`` (shape ``(..., V)``) from ``softmax(logits / T)``.

    ``temperature`` below 1 sharpens the distribution (safer, more repetitive text), above 1
    flattens it (more surprising, more misspelt); ``temperature=0`` takes the argmax (greedy).
    Returns a long tensor of shape ``logits.shape[:-1]``.
    """
    if temperature < 0:
        raise ValueError(f"temperature must not be negative, got {temperature}")
    if temperature == 0:
        return logits.argmax(dim=-1)
    probs = torch.softmax(logits.float() / temperature, dim=-1)
    flat = probs.reshape(-1, probs.shape[-1])
    return torch.multinomial(flat, 1, generator=generator).reshape(probs.shape[:-1])


@torch.no_grad()
def generate(
    model: torch.nn.Module,
    vocab: CharVocab,
    seed_text: str,
    n: int = 200,
    temperature: float = 1.0,
    generator: torch.Generator | None = None,
    device=None,
) -> str:
    """``seed_text`` followed by ``n`` characters written by ``model``, one at a time.

    The model first reads the seed (warming up its hidden state), then repeatedly: take the
    logits of the next character, draw one with :func:`sample_from_logits` at
    ``temperature``, and feed it back in.  This is ancestral sampling: every character is
    drawn given all the characters before it.  The model is put in eval mode.

    On the CPU the loop runs on one thread: each step is a tiny matrix-vector product, and
    keeping several threads in step at every character costs more than it saves.
    """
    if not seed_text:
        raise ValueError("generate() needs a seed text of at least one character")
    device = device or next(model.parameters()).device
    model.eval()
    threads = torch.get_num_threads()
    if torch.device(device).type == "cpu":
        torch.set_num_threads(1)
    try:
        x = torch.as_tensor(vocab.encode(seed_text), device=device).unsqueeze(0)
        logits, state = model(x, None)
        out = []
        for _ in range(n):
            nxt = sample_from_logits(logits[0, -1].cpu(), temperature, generator)
            out.append(int(nxt))
            logits, state = model(nxt.view(1, 1).to(device), state)
    finally:
        torch.set_num_threads(threads)
    return seed_text + vocab.decode(out)


def nats_to_bits(nats: float) -> float:
    """A cross-entropy in nats converted to bits (divide by ln 2)."""
    return nats / math.log(2)


def perplexity(nats: float) -> float:
    """The perplexity ``exp(L)`` of a cross-entropy ``L`` in nats per character: the number of
    equally likely characters that would leave a model as unsure (``V`` for a uniform guess
    over ``V`` characters)."""
    return math.exp(nats)
