"""Where ecrfake's time goes for one operation of the mix: ``python -m benchmarks.profile OP``.

Runs the operation (``put_image``, ``describe_images``, ... as in ``benchmarks/mix.py``) many times
under ecrfake with cProfile and prints the functions that cost the most inside ecrfake's request
handling (``_dispatch.dispatch_operation`` and below), then the whole call for context. ``--all``
prints, for every operation of the mix, the median time spent in dispatch per call.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # python benchmarks/profile.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import client, median, now_ns, short_error
from benchmarks.mix import OPS, Op

#: Calls per fresh fake (CreatePullThroughCacheRule stops at 50 rules per registry).
BLOCK = 40


def _blocks(op: Op, calls: int, ecr: Any) -> Iterator[tuple[Any, int]]:
    """Fresh fakes with the operation's set-up done; yields (bound method, i) for each call."""
    from ecrfake import mock_ecr_scanning

    method = getattr(ecr, op.method)
    for first in range(0, calls, BLOCK):
        with mock_ecr_scanning() as fake:
            op.prepare(ecr, fake)
            for i in range(first, min(first + BLOCK, calls)):
                op.before(ecr, i)
                yield method, i


def dispatch_times(calls: int) -> dict[str, float | str]:
    """Median microseconds inside ``_dispatch.dispatch_operation`` per call, for every operation."""
    from ecrfake import _dispatch

    real = _dispatch.dispatch_operation
    samples: list[int] = []

    def timed_dispatch(*args: Any, **kwargs: Any) -> Any:
        t0 = now_ns()
        try:
            return real(*args, **kwargs)
        finally:
            samples.append(now_ns() - t0)

    out: dict[str, float | str] = {}
    ecr = client()
    for op in OPS:
        samples.clear()
        try:
            for method, i in _blocks(op, calls, ecr):
                params = op.params(i)
                taken = len(samples)
                _dispatch.dispatch_operation = timed_dispatch
                try:
                    method(**params)
                finally:
                    _dispatch.dispatch_operation = real
                del samples[taken:-1]  # keep only the timed call's own dispatch
        except Exception as exc:
            out[op.method] = short_error(exc)
            continue
        out[op.method] = median(samples[1:]) / 1000
    return out


def profile(op: Op, calls: int, lines: int) -> str:
    ecr = client()
    profiler = cProfile.Profile()
    for method, i in _blocks(op, calls, ecr):
        params = op.params(i)
        profiler.enable()
        method(**params)
        profiler.disable()
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(r"ecrfake|json|uuid|hashlib", lines)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("operation", nargs="?", choices=[op.method for op in OPS])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--all", action="store_true", help="median time in dispatch per operation")
    args = parser.parse_args(argv)
    if args.all or not args.operation:
        for name, us in dispatch_times(min(args.calls, 400)).items():
            shown = f"{us:8.1f} us" if isinstance(us, float) else us
            print(f"{name:45} {shown} in dispatch")
        return 0
    op = next(o for o in OPS if o.method == args.operation)
    print(profile(op, args.calls, args.lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
