"""Domain errors. Each message says, in English, what went wrong and what to do next."""

from __future__ import annotations


class VidensbankError(Exception):
    """Base class: the CLI turns these into one clear line, never a traceback."""


class InvalidDocument(VidensbankError):
    """A knowledge-base file that cannot be indexed (front matter, YAML, encoding)."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class DuplicateDocument(VidensbankError):
    pass


class IndexNotFound(VidensbankError):
    def __init__(self, index_dir):
        super().__init__(
            f"No index found in {index_dir}. Build it with: python -m indexer build "
            f"--index {index_dir}  (or: make index)"
        )


class ModelMismatch(VidensbankError):
    def __init__(self, index_dir, index_model: str, wanted_model: str):
        super().__init__(
            f"The index in {index_dir} was built with model {index_model!r}, but {wanted_model!r} "
            f"is configured (VIDENSBANK_MODEL / --model). Rebuild with: python -m indexer build "
            f"--full --model {wanted_model!r}, or set VIDENSBANK_MODEL={index_model!r}."
        )


class CorruptIndex(VidensbankError):
    def __init__(self, index_dir, detail: str):
        super().__init__(
            f"The index in {index_dir} is damaged ({detail}). Rebuild it with: "
            f"python -m indexer build --full --index {index_dir}"
        )


class ModelUnavailable(VidensbankError):
    pass


class IndexNotWritable(VidensbankError):
    """The index folder is full or read-only: the build stopped and the current index is unchanged."""

    def __init__(self, index_dir, reason: str):
        super().__init__(
            f"Cannot write the index in {index_dir} ({reason}); the current index is unchanged and keeps "
            "answering. Free some space or make the folder writable, then build again."
        )
