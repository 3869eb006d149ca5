"""The one clock every model reads.

``now()`` looks ``datetime.datetime`` up on the module at call time, so freezegun (which swaps the
class) and time-machine (which patches the C-level clock) both move it. Never bind the current time
as a default argument, and never use naive or local time: ECR speaks UTC epoch seconds.
"""

from __future__ import annotations

import datetime

__all__ = ["now"]


def now() -> datetime.datetime:
    """The current time as an aware UTC ``datetime``."""
    return datetime.datetime.now(datetime.timezone.utc)
