"""The digest's chart: questions per week, answered confidently or not, as a PNG.

matplotlib is imported only here and only when a chart is drawn (its Agg backend needs no
display), so starting the bot and ``--help`` never wait for it.
"""

from __future__ import annotations

import io
import threading

from bot.digest.data import Week

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 3.6, 100
ANSWERED_COLOUR, UNANSWERED_COLOUR = "#1f4e5a", "#e07a2f"
CHART_TITLE = "Spørgsmål pr. uge – de seneste 12 uger"
_LOCK = threading.Lock()         # pyplot's state is global; one chart at a time


def chart_filename(weeks: list[Week]) -> str:
    """E.g. vidensbanken-spoergsmaal-2027-uge-03.png, named after the last week shown."""
    if not weeks:
        return "vidensbanken-spoergsmaal.png"
    year, week, _ = weeks[-1].start.isocalendar()
    return f"vidensbanken-spoergsmaal-{year}-uge-{week:02d}.png"


def weekly_chart_png(weeks: list[Week]) -> bytes:
    """A stacked bar per week (answered confidently below, without a confident answer on top)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = [w.label.removeprefix("uge ") for w in weeks]
    answered = [w.answered for w in weeks]
    unanswered = [w.unanswered for w in weeks]
    with _LOCK:
        figure, axes = plt.subplots(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
        try:
            axes.bar(labels, answered, color=ANSWERED_COLOUR, label="Besvaret sikkert")
            axes.bar(labels, unanswered, bottom=answered, color=UNANSWERED_COLOUR, label="Uden sikkert svar")
            axes.set_title(CHART_TITLE)
            axes.set_xlabel("Uge")
            axes.set_ylabel("Spørgsmål")
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.spines[["top", "right"]].set_visible(False)
            axes.legend(frameon=False, loc="upper left")
            if not any(answered) and not any(unanswered):
                axes.set_ylim(0, 1)
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png")
        finally:
            plt.close(figure)
    return buffer.getvalue()
