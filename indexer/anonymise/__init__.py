"""Lessons from the confidential development meetings, without the people in them.

``anonymiser`` runs the steps in order: ``known_people`` (people and organisations from
directory.yaml become roles), ``patterns`` (CPR, phone numbers, e-mails, addresses become
placeholders) and ``names`` (other names, found with ``name_lexicon`` and decided in ``decisions``,
become "Person A", …; ``word_names`` and ``syntax`` say where an ordinary word that is also a name, "Birk", "Vang", is a
person), all recorded as ``edits``. ``gate`` is what the build calls: a lesson that still looks personal
after replacement is held back for review, never indexed.
"""
