"""Building and loading the index: chunk → embed → store, built aside and swapped in atomically.

``chunking`` (passages by heading), ``embedding`` (the sentence-transformers model, lazy),
``dense`` (FAISS), ``keyword`` and ``term_counts`` (bm25s over Danish words and character
n-grams), ``store`` (passages.db), ``manifest`` (format, model, checksums, the CURRENT pointer),
``build`` and ``reuse`` (incremental builds), ``snapshot`` (one loaded build) and ``status``.
"""
