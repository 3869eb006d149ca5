"""Run ecrfake's benchmarks: ``python -m benchmarks.run [--quick] [--only SECTION ...]``.

Prints one table per section with the same-run ratios and the issues' targets, and writes
every figure to ``benchmarks/results.json`` (``--json PATH`` to change it). Needs moto for the
moto columns (``pip install -e '.[bench]'``). Figures are medians of interleaved repetitions;
on a busy machine compare the ratios, not the absolute times.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import Section, render

SECTIONS = (
    "mix",
    "fixed",
    "scale",
    "rest",
    "lifecycle",
    "replication",
    "inspector2",
    "suite",
    "aio",
)


def _sections() -> dict[str, Callable[[bool], Section]]:
    from benchmarks import (
        aio,
        inspector2,
        lifecycle,
        mix,
        policies_mix,
        replication,
        scale,
        startup,
        suite_run,
    )

    return {
        "mix": mix.run,
        "fixed": startup.run,
        "scale": scale.run,
        "rest": policies_mix.run,
        "lifecycle": lifecycle.run,
        "replication": replication.run,
        "inspector2": inspector2.run,
        "suite": suite_run.run,
        "aio": aio.run,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a ~30 s run with fewer repetitions")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    parser.add_argument(
        "--json",
        default=str(Path(__file__).parent / "results.json"),
        help="where to write the figures (default: benchmarks/results.json)",
    )
    args = parser.parse_args(argv)

    import boto3
    import botocore

    import ecrfake

    try:
        import moto
    except ImportError:
        print("the benchmarks compare against moto: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results: list[Section] = []
    runners = _sections()
    for name in args.only or SECTIONS:
        section = runners[name](args.quick)
        results.append(section)
        print(render(section), flush=True)
        print(flush=True)
    targets = [t for s in results for t in s.targets]
    print("== targets")
    for t in targets:
        verdict = {True: "met", False: "MISSED", None: "n/a"}[t.met]
        figure = "n/a" if t.figure is None else f"{t.figure:.3g} {t.unit}"
        print(f"  {verdict:6}  {t.name}: {figure} (target <= {t.limit:g} {t.unit})")
    total = time.perf_counter() - started
    print(f"total {total:.0f} s")
    payload = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": args.quick,
        "seconds": round(total, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            "ecrfake": ecrfake.__version__,
            "boto3": boto3.__version__,
            "botocore": botocore.__version__,
            "moto": moto.__version__,
        },
        "sections": [s.to_json() for s in results],
        "targets": [t.to_json() for t in targets],
    }
    Path(args.json).write_text(json.dumps(payload, indent=2, default=str) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
