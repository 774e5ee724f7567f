"""The leak scan of `make anon-eval`: it finds a name in any file of an index, read as what the file holds,
and does not call a fragment of an ordinary word a leak."""

from __future__ import annotations

import json

import numpy as np

from tests.anon_eval.run import Minute, present, read_index


def minute(*personal: str) -> Minute:
    return Minute("m", "shape", "", list(personal), frozenset(), [])


def test_a_name_in_a_text_file_a_numpy_vocabulary_or_a_whole_word_gram_is_found(tmp_path):
    (tmp_path / "passages.db").write_bytes(b"\x00\x01 sagde Rikke Holst \x02")
    (tmp_path / "keyword").mkdir()
    with open(tmp_path / "keyword" / "counts.npz", "wb") as handle:     # numpy keeps strings as UTF-32
        np.savez(handle, vocabulary=np.asarray(["byggeri", "søgaard"]), counts=np.arange(3))
    (tmp_path / "keyword" / "grams").mkdir()
    (tmp_path / "keyword" / "grams" / "vocab.index.json").write_text(json.dumps({"#bo#": 0, "#byg": 1}))
    text = read_index(tmp_path)
    for name in ("Rikke Holst", "Søgaard", "Bo"):
        assert present(name, text, minute(name), own_text=False), name


def test_fragments_of_ordinary_words_in_the_gram_vocabulary_are_no_leak(tmp_path):
    (tmp_path / "keyword" / "grams").mkdir(parents=True)
    grams = {g: i for i, g in enumerate(["#gre", "gren", "rene", "ene#", "#jan", "janu", "stol", "ole#"])}
    (tmp_path / "keyword" / "grams" / "vocab.index.json").write_text(json.dumps(grams))
    text = read_index(tmp_path)
    for name in ("Rene", "Jan", "Ole"):
        assert not present(name, text, minute(name), own_text=False), name


def test_numbers_are_read_as_numbers_not_as_text(tmp_path):
    vectors = np.frombuffer(b"\x00\x00IB\x00\x00\x80?" * 8, dtype=np.float32)   # bytes that decode to "IB"
    np.save(tmp_path / "data.npy", vectors)
    assert not present("Ib", read_index(tmp_path), minute("Ib"), own_text=False)
