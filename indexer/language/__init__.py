"""Danish text: words, stems, the æ/ø/å spelling key and sentences.

The foundation every other layer shares: reading the knowledge base (synonyms), building the
keyword index, analysing questions and choosing the sentences of an answer all split and stem
Danish text the same way, here.
"""
