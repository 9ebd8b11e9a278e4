"""Fault injection for the tests: pause the run at a named step so a test can kill it there.

`PIPELINE_FAULT_PAUSE=step[,step…]` makes `pause(step)` print `fault-pause: <step>` on
standard output and sleep (`PIPELINE_FAULT_PAUSE_SECONDS`, default 600) at that step;
`PIPELINE_FAULT_RAISE=step` raises an unexpected exception there instead (a bug).  Unset, it
costs one dictionary look-up.  Steps: `reading` (a document's result has been stored),
`switching` (the new set is written, `current` not yet switched to it), `written` (the run's
outputs are in place), `sending` (the report is about to be sent), `accepted` (the server
accepted the report; not yet recorded).
"""
from __future__ import annotations

import os
import sys
import time

VARIABLE = "PIPELINE_FAULT_PAUSE"


def pause(step: str) -> None:
    if step in os.environ.get("PIPELINE_FAULT_RAISE", "").split(","):
        raise RuntimeError(f"injected fault at step {step!r}")
    steps = os.environ.get(VARIABLE, "")
    if not steps or step not in steps.split(","):
        return
    print(f"fault-pause: {step}", flush=True)
    sys.stderr.flush()
    time.sleep(float(os.environ.get("PIPELINE_FAULT_PAUSE_SECONDS", "600")))
