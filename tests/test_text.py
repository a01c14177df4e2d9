"""course_lib.text (chapter 24): vocabulary, n-gram baselines, truncated-BPTT batches, sampling;
and chapter 24's figures and widget."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from torch import nn

from course_lib.text import (
    CharVocab,
    bptt_batches,
    char_cross_entropy,
    generate,
    nats_to_bits,
    ngram_cross_entropy,
    ngram_probabilities,
    perplexity,
    sample_from_logits,
    streams,
)

TEXT = "hello world, hello there; the world is round\n" * 20


class TinyCharModel(nn.Module):
    """The chapter's model convention: model(x, state) -> (logits, state)."""

    def __init__(self, vocab_size, hidden=8, cell=nn.GRU):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 5)
        self.rnn = cell(5, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab_size)

    def forward(self, x, state=None):
        h, state = self.rnn(self.emb(x), state)
        return self.out(h), state


# --------------------------------------------------------------------------- vocabulary


def test_vocab_round_trip_and_order():
    vocab = CharVocab.from_text(TEXT)
    assert vocab.chars == sorted(set(TEXT)) and len(vocab) == len(set(TEXT))
    ids = vocab.encode(TEXT)
    assert ids.dtype == np.int64 and ids.shape == (len(TEXT),)
    assert vocab.decode(ids) == TEXT
    assert vocab.decode(torch.as_tensor(ids[:5])) == TEXT[:5]
    assert vocab.encode("").shape == (0,)
    assert "CharVocab(" in repr(vocab)


def test_vocab_in_a_given_order_and_one_hot():
    vocab = CharVocab(["h", "e", "l", "o"])
    assert vocab.encode("hello").tolist() == [0, 1, 2, 2, 3]
    oh = vocab.one_hot(vocab.encode("hel"))
    assert oh.shape == (3, 4) and np.array_equal(oh.argmax(1), [0, 1, 2]) and oh.sum() == 3


def test_vocab_errors():
    with pytest.raises(ValueError):
        CharVocab(["a", "a"])
    with pytest.raises(ValueError):
        CharVocab(["ab"])
    with pytest.raises(KeyError, match="'z'"):
        CharVocab.from_text("abc").encode("abz")


# --------------------------------------------------------------------------- n-grams


def brute_force_ngram(train, evaluate, order, V, alpha):
    """Direct dictionary counting, for comparison."""
    k = order - 1
    counts = {}
    for t in range(k, len(train)):
        ctx = tuple(train[t - k : t])
        counts.setdefault(ctx, np.zeros(V))[train[t]] += 1
    ids = list(train[len(train) - k :]) + list(evaluate) if k else list(evaluate)
    total = 0.0
    for t in range(k, len(ids)):
        c = counts.get(tuple(ids[t - k : t]), np.zeros(V)) + alpha
        total -= math.log(c[ids[t]] / c.sum())
    return total / len(evaluate)


@pytest.mark.parametrize("order", [1, 2, 3])
def test_ngram_cross_entropy_matches_direct_counting(order):
    rng = np.random.default_rng(order)
    V = 5
    train = rng.integers(0, V, 300)
    evaluate = rng.integers(0, V, 80)
    for alpha in (0.1, 1.0):
        ours = ngram_cross_entropy(train, evaluate, order, V, alpha)
        assert ours == pytest.approx(brute_force_ngram(train, evaluate, order, V, alpha), rel=1e-10)


def test_ngram_probabilities_are_distributions_and_known_values():
    probs = ngram_probabilities([0, 1, 0, 1, 1], order=2, vocab_size=2, alpha=1.0)
    # after 0: (0 zeros, 2 ones) + 1 each -> 1/4, 3/4; after 1: (1, 1) + 1 -> 1/2, 1/2
    assert np.allclose(probs, [[0.25, 0.75], [0.5, 0.5]])
    uni = ngram_probabilities([0, 0, 0, 1], order=1, vocab_size=3, alpha=0.5)
    assert uni.shape == (1, 3) and np.allclose(uni, [[3.5 / 5.5, 1.5 / 5.5, 0.5 / 5.5]])
    assert ngram_cross_entropy([0, 0, 0, 1], [2], 1, 3, 0.5) == pytest.approx(-math.log(0.5 / 5.5))


def test_ngram_uniform_text_costs_log_v_and_higher_order_helps():
    V = 4
    uniform = np.tile(np.arange(V), 200)  # 0 1 2 3 0 1 2 3 ...: unigram sees 4 equal counts
    assert ngram_cross_entropy(uniform, uniform[:40], 1, V) == pytest.approx(math.log(V))
    assert ngram_cross_entropy(uniform, uniform[:40], 2, V, alpha=0.01) < 0.01  # deterministic
    assert nats_to_bits(math.log(2)) == pytest.approx(1.0)


def test_ngram_context_ids_continue_another_text():
    rng = np.random.default_rng(4)
    V = 5
    train, val, test = rng.integers(0, V, 300), rng.integers(0, V, 50), rng.integers(0, V, 40)
    for order in (1, 2, 3):
        ours = ngram_cross_entropy(train, test, order, V, 0.5, context_ids=val)
        # the same as scoring val + test and keeping only the test part
        probs = ngram_probabilities(train, order, V, 0.5)
        ids, k = np.concatenate([val, test]), order - 1
        direct = [
            -math.log(probs[int(sum(ids[t - k + j] * V ** (k - 1 - j) for j in range(k))), ids[t]])
            for t in range(len(val), len(ids))
        ]
        assert ours == pytest.approx(np.mean(direct), rel=1e-12)
    assert ngram_cross_entropy(train, test, 2, V, 0.5, context_ids=train) == pytest.approx(
        ngram_cross_entropy(train, test, 2, V, 0.5)
    )
    with pytest.raises(ValueError):
        ngram_cross_entropy(train, test, 3, V, 0.5, context_ids=[1])


def test_perplexity_is_the_effective_number_of_choices():
    assert perplexity(math.log(65)) == pytest.approx(65)
    assert perplexity(0.0) == 1.0
    assert perplexity(ngram_cross_entropy(np.tile(np.arange(4), 50), np.arange(4), 1, 4)) == (
        pytest.approx(4)
    )


def test_ngram_rejects_bad_arguments():
    with pytest.raises(ValueError):
        ngram_probabilities([0, 1], order=0, vocab_size=2)
    with pytest.raises(ValueError):
        ngram_probabilities([0, 1], order=2, vocab_size=2, alpha=0)


# --------------------------------------------------------------------------- batching


def test_streams_cover_the_text_in_order():
    ids = np.arange(103)
    s = streams(ids, 4)
    assert s.shape == (4, 25) and s[1, 0].item() == 25 and s.flatten().tolist() == list(range(100))
    with pytest.raises(ValueError):
        streams(np.arange(5), 4)


def test_bptt_batches_continue_each_stream_and_shift_targets():
    ids = np.arange(1000)
    batches = bptt_batches(ids, batch_size=4, seq_len=10, random_offset=False)
    x1, y1, first1 = next(batches)
    x2, y2, first2 = next(batches)
    assert x1.shape == y1.shape == (4, 10) and x1.dtype == torch.long
    assert first1 and not first2
    assert torch.equal(y1, x1 + 1)  # targets are the inputs one character ahead
    assert torch.equal(x2[:, 0], x1[:, -1] + 1)  # each row continues where it stopped
    assert x1[1, 0].item() == 250  # stream 1 starts a quarter of the way in
    n_chunks = 2  # x1 and x2
    while not next(batches)[2]:
        n_chunks += 1
    assert n_chunks == 24  # 250 characters per stream, chunks of 10, the last target inside


def test_bptt_batches_random_offsets_are_seeded():
    ids = np.arange(2000)

    def starts(seed):
        gen = bptt_batches(ids, 2, 16, seed=seed)
        firsts = []
        for _ in range(200):
            x, _, first = next(gen)
            if first:
                firsts.append(x[0, 0].item())
        return firsts

    assert starts(3) == starts(3) and len(set(starts(3))) > 1
    assert all(0 <= s < 16 for s in starts(3))
    with pytest.raises(ValueError):
        next(bptt_batches(np.arange(20), 4, 10))


def test_char_cross_entropy_matches_a_direct_computation():
    torch.manual_seed(0)
    vocab = CharVocab.from_text(TEXT)
    model = TinyCharModel(len(vocab))
    ids = vocab.encode(TEXT)
    data = streams(ids, 3)
    with torch.no_grad():
        logits, _ = model(data[:, :-1])
        direct = nn.functional.cross_entropy(
            logits.reshape(-1, len(vocab)), data[:, 1:].reshape(-1)
        )
    chunked = char_cross_entropy(model, ids, batch_size=3, seq_len=7)
    assert chunked == pytest.approx(direct.item(), rel=1e-5)
    assert not model.training
    # an untrained model is close to a uniform guess
    assert abs(chunked - math.log(len(vocab))) < 0.5


# --------------------------------------------------------------------------- sampling


def test_sample_from_logits_temperature():
    logits = torch.tensor([[2.0, 1.0, 0.0, -1.0]])
    assert sample_from_logits(logits, 0).tolist() == [0]  # greedy
    g = torch.Generator().manual_seed(0)
    many = logits.expand(20000, 4)
    for T in (0.5, 1.0, 2.0):
        draws = sample_from_logits(many, T, generator=g)
        freq = torch.bincount(draws, minlength=4).float() / len(draws)
        expected = torch.softmax(logits[0] / T, 0)
        assert torch.allclose(freq, expected, atol=0.015), (T, freq, expected)
    # low temperatures approach the argmax, high ones the uniform distribution
    cold = sample_from_logits(many, 0.05, generator=g)
    assert (cold == 0).float().mean() > 0.99
    hot = torch.bincount(sample_from_logits(many, 100.0, generator=g), minlength=4) / 20000
    assert torch.allclose(hot, torch.full((4,), 0.25), atol=0.02)
    assert sample_from_logits(torch.zeros(2, 3, 5), 1.0).shape == (2, 3)
    with pytest.raises(ValueError):
        sample_from_logits(logits, -1.0)


def test_generate_is_seeded_and_starts_with_the_seed():
    torch.manual_seed(0)
    vocab = CharVocab.from_text(TEXT)
    model = TinyCharModel(len(vocab), cell=nn.LSTM)
    threads = torch.get_num_threads()
    a = generate(model, vocab, "hello", 30, 1.0, torch.Generator().manual_seed(1))
    assert torch.get_num_threads() == threads  # the one-thread loop restores the setting
    b = generate(model, vocab, "hello", 30, 1.0, torch.Generator().manual_seed(1))
    assert a == b and a.startswith("hello") and len(a) == 35
    assert set(a) <= set(vocab.chars)
    greedy = generate(model, vocab, "he", 10, temperature=0)
    assert greedy == generate(model, vocab, "he", 10, temperature=0)
    with pytest.raises(ValueError):
        generate(model, vocab, "", 5)


# --------------------------------------------------------------------------- figures and widget


def test_plot_char_values_places_every_character():
    from course_lib.plots import plot_char_values

    text = "ab\ncd"
    ax = plot_char_values(text, [0.1, 0.2, 0.3, 0.4, 0.5], ncols=4, label="p")
    grid = ax.grid_values
    assert grid.shape == (2, 4)
    assert grid[0, :3].tolist() == [0.1, 0.2, 0.3] and grid[1, :2].tolist() == [0.4, 0.5]
    assert np.isnan(grid[0, 3]) and [t.get_text() for t in ax.texts] == ["a", "b", "⏎", "c", "d"]
    wrapped = plot_char_values("abcdef", np.zeros(6), ncols=4)
    assert wrapped.grid_values.shape == (2, 4)
    with pytest.raises(ValueError):
        plot_char_values("abc", [1, 2])
    plt.close("all")


def test_plot_rnn_trace_and_captioning_diagram():
    from course_lib.plots import draw_captioning, plot_rnn_trace

    inputs = np.eye(4)[[0, 1, 2, 2]]
    hidden = np.tanh(np.random.default_rng(0).normal(size=(4, 3)))
    probs = np.full((4, 4), 0.1) + 0.6 * np.eye(4)[[1, 2, 2, 3]]
    fig = plot_rnn_trace(inputs, hidden, probs, ["h", "e", "l", "o"], title="hello")
    assert len(fig.axes) == 3
    assert fig.axes[0].get_yticklabels()[3].get_text() == "t=4: 'l'"
    assert len(fig.axes[2].patches) == 4  # the most probable character outlined at each step
    ax = draw_captioning()
    assert any("initial\nstate" in t.get_text() for t in ax.texts)
    plt.close("all")


def test_ancestral_sampling_diagram_feeds_each_draw_back():
    from course_lib.plots import draw_ancestral_sampling

    ax = draw_ancestral_sampling("h", "ello")
    texts = [t.get_text() for t in ax.texts]
    assert [t for t in texts if t.startswith("'")] == ["'h'", "'e'", "'e'", "'l'", "'l'", "'l'",
                                                       "'l'", "'o'"]  # fmt: skip
    dashed = [p for p in ax.patches if p.get_linestyle() == "--"]
    assert len(dashed) == 3  # each draw but the last becomes the next input
    with pytest.raises(ValueError):
        draw_ancestral_sampling("he", "llo")
    plt.close("all")


def test_temperature_plot_and_widget():
    from course_lib.widgets import plot_temperature, softmax_with_temperature, temperature_widget

    z = [2.0, 1.0, 0.0]
    assert np.allclose(softmax_with_temperature(z, 1.0), np.exp(z) / np.exp(z).sum())
    assert softmax_with_temperature(z, 0).tolist() == [1.0, 0.0, 0.0]
    assert np.allclose(softmax_with_temperature(z, 1e6), 1 / 3, atol=1e-5)
    cold, hot = plot_temperature(z, 0.5, "abc"), plot_temperature(z, 2.0, "abc")
    assert cold.entropy < plot_temperature(z, 1.0).entropy < hot.entropy < math.log(3)
    assert plot_temperature(z, 0, [" ", "\n", "x"]).entropy == 0.0
    with pytest.raises(ValueError):
        softmax_with_temperature(z, -1)
    w = temperature_widget(z, "abc")
    w.children[0].value = 0.5  # moving the slider redraws without error
    assert w.kwargs == {"temperature": 0.5}
    plt.close("all")
