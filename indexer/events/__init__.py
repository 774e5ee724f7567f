"""Network events for people: ``text`` writes dates, times and places in Danish, ``answers``
answers event questions ("hvornår er næste salon?") from events.yaml with a citation."""
