"""Convert an uploaded file in a child process with time and memory limits.

python-docx, lxml and pypdf read whatever a file says; a crafted or broken file can make them
run for minutes or fill the memory. In a child process that costs the child, never the bot: a
conversion that takes longer than ``timeout`` seconds is killed, and one that needs more than
``memory_bytes`` of address space fails with MemoryError. Either way the caller gets a
:class:`ConversionError` with the reason ``TOO_COMPLEX``. The child answers in JSON (never pickle:
what it read is untrusted).

Run as ``python -m indexer.knowledge.sandbox``: a JSON header line, then the file's bytes on stdin.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from indexer.knowledge.convert import (
    TOO_COMPLEX,
    UNREADABLE,
    ConversionError,
    Converted,
    check_size,
    convert_file,
    file_kind,
)

CONVERT_TIMEOUT = 60.0                 # seconds; a 10 MB PDF converts in a few
CONVERT_MEMORY = 1024 * 1024 * 1024    # bytes of address space (the child starts at ~170 MB)


def convert_isolated(name: str, data: bytes, *, timeout: float = CONVERT_TIMEOUT,
                     memory_bytes: int = CONVERT_MEMORY) -> Converted:
    """:func:`convert_file` in a child process; the same result or the same ConversionError."""
    file_kind(name)
    check_size(name, len(data))
    header = json.dumps({"name": name, "memory_bytes": memory_bytes}).encode("utf-8") + b"\n"
    try:
        done = subprocess.run([sys.executable, "-m", "indexer.knowledge.sandbox"], input=header + data,
                              capture_output=True, timeout=timeout, env=_child_env())
    except subprocess.TimeoutExpired:
        raise ConversionError(TOO_COMPLEX, f"{name}: converting it took longer than {timeout:.0f} s") from None
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        stopped = f"signal {-done.returncode}" if done.returncode < 0 else f"exit code {done.returncode}"
        raise ConversionError(TOO_COMPLEX, f"{name}: the converter stopped ({stopped})") from None
    if "error" in result:
        raise ConversionError(result["error"]["reason"], result["error"]["message"])
    return Converted(**result["converted"])


def _child_env() -> dict:
    env = dict(os.environ)
    # One thread each: the child has one file to read, and the machine has questions to answer.
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def _limit_memory(memory_bytes: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _reached(memory_bytes: int) -> bool:
    """Did this process use (nearly) all the address space it may? libxml2 reports running out of
    memory as a syntax error ("unknown error"), so the peak is the reliable sign."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmPeak:"))
    except (OSError, StopIteration, ValueError):
        return False
    return peak >= memory_bytes - 32 * 1024 * 1024


def _child() -> int:
    request = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    name, memory_bytes = request["name"], int(request["memory_bytes"])
    out_of_memory = {"reason": TOO_COMPLEX, "message": f"{name}: converting it needs too much memory"}
    try:
        _limit_memory(memory_bytes)
        converted = convert_file(name, data)
        result = {"converted": {"title": converted.title, "body": converted.body,
                                "source_name": converted.source_name, "meta": converted.meta}}
    except ConversionError as exc:
        error = {"reason": exc.reason, "message": str(exc)}
        result = {"error": out_of_memory if exc.reason == UNREADABLE and _reached(memory_bytes) else error}
    except MemoryError:
        result = {"error": out_of_memory}
    except Exception as exc:               # a parser bug on a strange file: unreadable, not a crash
        result = {"error": out_of_memory if _reached(memory_bytes) else
                  {"reason": UNREADABLE, "message": f"{name} could not be read ({exc.__class__.__name__})"}}
    sys.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(_child())
