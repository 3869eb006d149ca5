"""Wall time of the small pytest suite in ``benchmarks/suite/`` under ecrfake and under moto.

Each run is a fresh ``python -m pytest`` subprocess (the same plugins load for both); the runs
alternate (ecrfake, moto, baseline, moto, baseline, ecrfake, ...). The baseline collects the same
tests without running them: pytest's own start-up, which no fake can remove.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._common import Section, Target, median, ratio, rotated

SUITE = Path(__file__).parent / "suite"
ROOT = SUITE.parent.parent


def _pytest(backend: str, collect_only: bool, select: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["ECRFAKE_BENCH_BACKEND"] = backend
    files = sorted(str(p) for p in SUITE.glob("suite_*.py"))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    if collect_only:
        cmd.append("--collect-only")
    cmd += select
    t0 = time.perf_counter()
    out = subprocess.run(cmd + files, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        tail = "\n".join(out.stdout.splitlines()[-15:])
        raise RuntimeError(f"the benchmark suite failed under {backend}:\n{tail}")
    return elapsed


def count_tests(select: list[str]) -> int:
    cmd = [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider"]
    cmd += select
    files = sorted(str(p) for p in SUITE.glob("suite_*.py"))
    out = subprocess.run(cmd + files, cwd=ROOT, capture_output=True, text=True, check=True)
    return sum(1 for line in out.stdout.splitlines() if "::" in line)


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    reps = 1 if quick else 3
    # --quick: one case of each test (moto's run is the slow one).
    select = ["-k", "web"] if quick else []
    section = Section(
        "pytest suite wall time (s, fresh subprocesses, median)",
        ["figure", "ecrfake", "moto", "x moto", "reference", "reference is"],
    )
    runs: dict[str, tuple[str, bool]] = {
        "ecrfake": ("ecrfake", False),
        "moto": ("moto", False),
        "baseline": ("ecrfake", True),
    }
    times: dict[str, list[float]] = {n: [] for n in runs}
    for r in range(reps):
        for name in rotated(list(runs), r):
            times[name].append(_pytest(*runs[name], select))
    fake, moto, base = (median(times[n]) for n in ("ecrfake", "moto", "baseline"))
    tests = count_tests(select)
    section.rows.append(
        {
            "figure": f"{tests} typical tests, wall",
            "ecrfake": fake,
            "moto": moto,
            "x moto": ratio(fake, moto),
            "reference": base,
            "reference is": "pytest start-up + collection",
        }
    )
    section.rows.append(
        {
            "figure": f"{tests} typical tests, wall minus start-up",
            "ecrfake": fake - base,
            "moto": moto - base,
            "x moto": ratio(fake - base, moto - base),
        }
    )
    note = "--quick: 8 tests, start-up dominates; the target is for the full run" if quick else ""
    section.targets.append(
        Target("pytest suite wall time / moto's", ratio(fake, moto), 0.25, note=note)
    )
    section.seconds = time.perf_counter() - started
    return section
