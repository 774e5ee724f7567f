"""The weekly digest for curators: ``data`` (read from state.db), ``report`` (what each recipient may
read, with suggested actions), ``render`` (Block Kit and plain text), ``chart`` (questions per week
as a PNG), ``sending`` (the channel or the admins' DMs), ``scheduler`` (Monday morning, once) and
``cli`` (``python -m bot digest``)."""
