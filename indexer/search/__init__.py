"""From a question to an answer with numbered citations, over one loaded index snapshot.

``query`` (Danish question handling), ``hybrid`` (the three channels, filtered by audience and
fused), ``feedback`` (optional pseudo-relevance feedback), ``confidence`` (is the best passage really
an answer?), ``question_kind`` and ``sentence_scoring`` (which sentences answer it), ``compose`` and
``answer_units`` (the extractive answer and its three levels), ``answer_check`` (does the answer state
what was asked?) and ``contract`` (Answer and Citation: the shape of ``ask --json``).
"""
