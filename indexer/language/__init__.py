"""Danish text: ``words`` (tokens, stop words, stems, the æ/ø/å spelling key, character n-grams)
and ``sentences``. Synonyms, the keyword index, question analysis and answer composition all
split and stem Danish the same way, here."""
