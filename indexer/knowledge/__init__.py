"""Reading the knowledge base: the only package that opens files in ``knowledge_base/``.

``documents`` (articles and lessons with their front matter), ``directory`` (people,
organisations, the allowlist), ``synonyms``, ``events`` (events.yaml), ``validation`` (all of it
at once), ``convert`` (.md/.docx/.pdf uploads to Markdown) and ``articles`` (writing a new
article file safely).
"""
