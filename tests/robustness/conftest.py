"""Hypothesis profile and wire instrumentation for the robustness suite.

``ECRFAKE_FUZZ_EXAMPLES=5000`` raises the example count of every property test here (default: a
few per test, so the suite stays fast); examples are derandomized so CI runs are repeatable.
Every request the fake answers while :func:`recording` is active is counted by outcome; the counts
of a run are printed at the end of the session.
"""

from __future__ import annotations

import collections
import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, settings

from ecrfake import _dispatch
from ecrfake.exceptions import OperationNotImplementedError

PROFILE = "ecrfake-robustness"
#: Examples per property test; ``ECRFAKE_FUZZ_EXAMPLES`` overrides it for long runs.
EXAMPLES = int(os.environ.get("ECRFAKE_FUZZ_EXAMPLES") or 0) or 6

settings.register_profile(
    PROFILE,
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
fuzz_settings = settings.get_profile(PROFILE)


@dataclass
class WireLog:
    """What the fake answered: request count, outcomes by status/code, exceptions that escaped."""

    requests: int = 0
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    escaped: list[tuple[str | None, BaseException]] = field(default_factory=list)


#: Totals over the session, printed in the terminal summary: every request the fake answered
#: while recording (seeding and probes included), and the fuzzed ones by operation and outcome.
TOTALS = WireLog()
FUZZED: collections.Counter[tuple[str, str]] = collections.Counter()


@contextlib.contextmanager
def recording() -> Iterator[WireLog]:
    """Count every ECR request the fake answers; record any exception escaping dispatch.

    Every ECR request, from a botocore client or raw HTTP, reaches a handler through
    ``dispatch_operation``.
    """
    log = WireLog()
    original = _dispatch.dispatch_operation

    def counting(state: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
        log.requests += 1
        TOTALS.requests += 1
        try:
            status, out_headers, out_body = original(state, target, *args, **kwargs)
        except OperationNotImplementedError:
            log.outcomes["501 not implemented"] += 1
            TOTALS.outcomes["501 not implemented"] += 1
            raise
        except BaseException as exc:
            log.escaped.append((target, exc))
            TOTALS.escaped.append((target, exc))
            raise
        key = str(status) if status == 200 else f"{status} {_code(out_body)}"
        log.outcomes[key] += 1
        TOTALS.outcomes[key] += 1
        return status, out_headers, out_body

    _dispatch.dispatch_operation = counting
    try:
        yield log
    finally:
        _dispatch.dispatch_operation = original


def _code(body: bytes) -> str:
    import json

    try:
        return str(json.loads(body).get("__type"))
    except (ValueError, AttributeError):
        return "<unparseable>"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TOTALS.requests:
        return
    write = terminalreporter.write_line
    if terminalreporter.config.get_verbosity() < 0:  # -q: one line, the table only with -v
        write(
            f"ecrfake robustness: {TOTALS.requests} requests, {len(TOTALS.escaped)} exceptions "
            "escaped the fake (the breakdown: run without -q)"
        )
        return
    terminalreporter.section("ecrfake robustness: requests answered by the fake")
    write(f"{TOTALS.requests} requests in all, {len(TOTALS.escaped)} exceptions escaped the fake")
    for key, count in sorted(TOTALS.outcomes.items(), key=lambda kv: -kv[1]):
        write(f"  {count:8d}  {key}")
    if FUZZED:
        write(f"{sum(FUZZED.values())} fuzzed requests (by operation and outcome):")
        for (operation, outcome), count in sorted(FUZZED.items()):
            write(f"  {count:8d}  {operation}: {outcome}")
