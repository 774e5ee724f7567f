"""Term counts and the BM25 matrix computed from them: the same scores bm25s's own indexing gives."""

import random

import bm25s
import numpy as np
import pytest

from indexer.index.term_counts import EMPTY, TermCounts, bm25_retriever


def random_corpus(seed: int, docs: int = 300):
    rnd = random.Random(seed)
    vocab = [f"t{i}" for i in range(200)]
    # Skewed term choice and some empty passages, as in real text.
    return vocab, [[rnd.choice(vocab[:rnd.randint(3, 200)]) for _ in range(rnd.randint(0, 50))]
                   for _ in range(docs)]


def bm25s_reference(corpus, k1=1.6, b=0.3):
    ref = bm25s.BM25(k1=k1, b=b)
    ref.index([tokens or [EMPTY] for tokens in corpus], show_progress=False)
    return ref


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_equal_bm25s_indexing_the_same_tokens(seed):
    vocab, corpus = random_corpus(seed)
    ref = bm25s_reference(corpus)
    mine = bm25_retriever(TermCounts.from_tokens(corpus), 1.6, 0.3)
    assert set(mine.vocab_dict) == set(ref.vocab_dict)
    rnd = random.Random(seed)
    for _ in range(40):
        query = [t for t in rnd.sample(vocab, 3) if t in ref.vocab_dict]
        np.testing.assert_allclose(mine.get_scores(query), ref.get_scores(query), rtol=1e-5, atol=1e-6)


def test_rows_taken_and_extended_score_like_a_corpus_indexed_from_scratch():
    _, corpus = random_corpus(4)
    old, new = corpus[:200], corpus[200:]
    counts = TermCounts.from_tokens(old)
    keep = [150, 3, 7, 99] + list(range(10, 60))           # dropped rows, a different order
    combined = counts.extended(new).take(keep + list(range(200, 200 + len(new))))
    expected_corpus = [old[i] for i in keep] + new
    ref = bm25s_reference(expected_corpus)
    mine = bm25_retriever(combined.compacted(), 1.6, 0.3)
    assert set(mine.vocab_dict) == set(ref.vocab_dict)     # terms only dropped rows had are gone
    for term in list(ref.vocab_dict)[:60]:
        if term:
            np.testing.assert_allclose(mine.get_scores([term]), ref.get_scores([term]), rtol=1e-5, atol=1e-6)


def test_save_and_load_round_trip(tmp_path):
    _, corpus = random_corpus(5, docs=20)
    counts = TermCounts.from_tokens(corpus + [["æble", "ø", "∅"]])
    counts.save(tmp_path / "counts.npz")
    loaded = TermCounts.load(tmp_path / "counts.npz")
    assert loaded.vocabulary == counts.vocabulary
    for a, b in ((loaded.indptr, counts.indptr), (loaded.terms, counts.terms), (loaded.counts, counts.counts)):
        np.testing.assert_array_equal(a, b)


def test_uncompacted_counts_are_refused():
    counts = TermCounts.from_tokens([["a", "b"], ["b"]]).take([1])
    with pytest.raises(ValueError):
        bm25_retriever(counts, 1.6, 0.3)
    assert bm25_retriever(counts.compacted(), 1.6, 0.3).get_scores(["b"]).shape == (1,)
