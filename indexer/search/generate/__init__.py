"""Generated answers: an OpenAI-compatible model rewrites a confident answer in plain Danish from the
top passages, and nothing it writes reaches a member unless every check passes.

    sources.py     the top passages of a search, with their audiences, numbered like citations
    prompt.py      the messages sent (the Danish prompt text is ``indexer/data/answer_prompt.md``)
    client.py      one chat completion, retried on 429/5xx only while the time budget lasts
    grounding.py   every sentence cites an existing [n]; its facts and most words are in those passages
    danish.py      is the answer Danish (word frequencies from wordfreq)
    writer.py      the whole step: confidentiality, call, checks, and the extractive answer on any failure
    failures.py    the reasons a generated answer falls back (counted in /kb-stats and logged)
"""
