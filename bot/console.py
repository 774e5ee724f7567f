"""The console: ask Vidensbanken in a terminal, answered as the bot would (Danish, numbered sources).

Reads questions line by line, so it also works with piped input; ``:q`` or Ctrl-D ends it. Each
answer ends with a separator line, and piped questions are printed above their answers, so a
transcript shows which answer belongs to which question.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.answers.blocks import GENERATED_NOTE, NOT_CONFIDENT, citation_label
from bot.answers.conversation import quick_reply
from indexer import Answer, Viewer

QUIT = {":q", ":quit", ":exit"}
PROMPT = "Spørgsmål> "
SEPARATOR = "─" * 60
WELCOME = ("Vidensbanken – skriv et spørgsmål og tryk Enter. "
           "Afslut med :q eller Ctrl-D.")


def render_answer_for_terminal(answer: Answer) -> str:
    lines: list[str] = []
    if answer.confident or answer.level == "partial":
        lines.append(answer.answer)
        if answer.generated:
            lines += ["", f"({GENERATED_NOTE})"]
        if answer.citations:
            lines += ["", "Kilder:"]
            for c in answer.citations:
                lines.append(f"  [{c.n}] {citation_label(c)}" + (f" <{c.url}>" if c.url else ""))
        if not answer.confident:
            lines += ["", "Er det ikke svar nok? I Slack kan du trykke «Spørg netværket» for at sende "
                          "spørgsmålet videre."]
    else:
        lines.append(f"{NOT_CONFIDENT}.")
        nearest = answer.nearest or []
        if nearest:
            lines += ["", "Måske kan disse artikler hjælpe:"]
            lines += [f"  • {d.title}" + (f" <{d.url}>" if d.url else "") for d in nearest]
        lines += ["", "I Slack kan du trykke «Spørg netværket» for at sende spørgsmålet videre."]
    return "\n".join(lines)


def run_console(service, viewer: Viewer, k: int = 5, stdin: TextIO | None = None,
                stdout: TextIO | None = None, generate: bool = True) -> int:
    """Answer questions until :q or end of input; returns how many were answered."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty() and stdin is sys.stdin
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
        print(WELCOME, file=stdout)
    answered = 0
    while True:
        try:
            line = input(PROMPT) + "\n" if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            print(file=stdout)
            break
        if not line:
            break
        question = line.strip()
        if not question:
            continue
        if question.lower() in QUIT:
            break
        if not interactive:
            print(PROMPT + question, file=stdout)
        reply = quick_reply(question)
        print(reply if reply is not None else
              render_answer_for_terminal(service.ask(question, viewer=viewer, k=k, generate=generate)), file=stdout)
        print(SEPARATOR, file=stdout)
        answered += 1
    if interactive:
        print("Farvel.", file=stdout)
    return answered
