"""Delete one person's data from state.db: ``python -m bot forget-user U…``.

Found through the person's pseudonym (the same keyed hash the bot stores, ``bot.state.pseudonyms``):
their votes, 👎 reasons and hand-offs; the thread memory of the questions they asked, with the
answers the bot gave them and those questions' rows in the question log; their pending uploads;
and their user id on rebuild records. A question asked with ``/spørg`` is stored with no link to
anyone, so it cannot be found per person; it goes with the retention period like everything else.
"""

from __future__ import annotations

import re

from bot.state.db import StateDB

USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def forget_user(state: StateDB, user_id: str) -> dict[str, int]:
    """Delete (or unlink) every row tied to ``user_id``; returns rows changed per table."""
    pseudonym = state.pseudonyms.user(user_id)
    changed: dict[str, int] = {}
    with state.lock, state.db.conn:
        run = state.db.conn.execute
        answer_ids = [r[0] for r in run("select distinct answer_id from thread_questions "
                                        "where asker_hash = ? and answer_id is not null", [pseudonym])]
        for table in ("votes", "reasons", "handoffs"):
            changed[table] = run(f"delete from {table} where user_hash = ?", [pseudonym]).rowcount
        changed["thread_questions"] = run("delete from thread_questions where asker_hash = ?",
                                          [pseudonym]).rowcount
        changed["answers"] = changed["question_log"] = 0
        for start in range(0, len(answer_ids), 500):
            batch = answer_ids[start:start + 500]
            marks = ",".join("?" * len(batch))
            changed["answers"] += run(f"delete from answers where answer_id in ({marks})", batch).rowcount
            changed["question_log"] += run(f"delete from question_log where answer_id in ({marks})",
                                           batch).rowcount
        changed["pending_uploads"] = run("delete from pending_uploads where user_id = ?", [user_id]).rowcount
        changed["reindex_runs"] = run("update reindex_runs set user_id = null where user_id = ?",
                                      [user_id]).rowcount
    return changed
