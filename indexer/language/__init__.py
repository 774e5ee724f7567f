"""Danish text: ``words`` (tokens, stop words, stems, the æ/ø/å spelling key, character n-grams),
``sentences`` (sentences, and a passage's sentences and list items) and ``wordlist`` (wordfreq's
Danish words, to tell a compound's parts). Synonyms, the keyword index, question analysis and
answer composition all split and stem Danish the same way, here."""
