"""Fixed costs: import over ``import boto3``, start+stop of an empty ``with`` block, and one
typical test (``with`` block + ``boto3.client`` + one call), each against moto's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks._common import REGION, Section, Target, median, now_ns, ratio, rotated

_IMPORT_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
import boto3
t1 = time.perf_counter()
{import_stmt}
t2 = time.perf_counter()
{first_test}
t3 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))
"""

_IMPORTS = {
    "baseline": ("pass", "boto3.client('ecr', region_name='us-east-1')"),
    "ecrfake": (
        "from ecrfake import mock_ecr_scanning",
        "with mock_ecr_scanning():\n"
        "    boto3.client('ecr', region_name='us-east-1').create_repository(repositoryName='first')",
    ),
    "moto": (
        "from moto import mock_aws",
        "with mock_aws():\n"
        "    boto3.client('ecr', region_name='us-east-1').create_repository(repositoryName='first')",
    ),
}


def _import_run(name: str, env: dict[str, str]) -> list[float]:
    import_stmt, first_test = _IMPORTS[name]
    script = _IMPORT_SCRIPT.format(import_stmt=import_stmt, first_test=first_test)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return [float(x) for x in json.loads(out.stdout.strip().splitlines()[-1])]


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["AWS_DEFAULT_REGION"] = REGION
    # Fresh processes, but the bytecode cache stays warm, as in any test run after the first.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def import_cost(section: Section, reps: int) -> None:
    env = _clean_env()
    names = list(_IMPORTS)
    results: dict[str, list[list[float]]] = {n: [] for n in names}
    for n in names:  # compile bytecode, warm the page cache
        _import_run(n, env)
    for r in range(reps):
        for n in rotated(names, r):
            results[n].append(_import_run(n, env))
    med = {n: [median([row[i] * 1000 for row in results[n]]) for i in range(3)] for n in names}
    # The baseline measures the timer around an empty statement (noise floor, ~0 ms).
    section.rows.append(
        {
            "figure": "import over `import boto3` (ms)",
            "ecrfake": med["ecrfake"][1],
            "moto": med["moto"][1],
            "x moto": ratio(med["ecrfake"][1], med["moto"][1]),
            "reference": med["baseline"][0],
            "reference is": "`import boto3` itself",
        }
    )
    section.rows.append(
        {
            "figure": "first test in a fresh process (ms)",
            "ecrfake": med["ecrfake"][2],
            "moto": med["moto"][2],
            "x moto": ratio(med["ecrfake"][2], med["moto"][2]),
            "reference": med["baseline"][2],
            "reference is": "first boto3.client alone",
        }
    )
    section.rows.append(
        {
            "figure": "import + first test (ms)",
            "ecrfake": med["ecrfake"][1] + med["ecrfake"][2],
            "moto": med["moto"][1] + med["moto"][2],
            "x moto": ratio(med["ecrfake"][1] + med["ecrfake"][2], med["moto"][1] + med["moto"][2]),
        }
    )
    section.targets.append(
        Target("import over `import boto3`", med["ecrfake"][1], 15.0, "ms", f"{reps} subprocesses")
    )


def _interleave(
    contenders: dict[str, Callable[[], Any]], blocks: int, per_block: int
) -> dict[str, float]:
    """Median seconds per call of each contender, run in alternating blocks (ABAB...)."""
    samples: dict[str, list[int]] = {n: [] for n in contenders}
    for func in contenders.values():  # warm-up
        func()
    for b in range(blocks):
        for name in rotated(list(contenders), b):
            func = contenders[name]
            for _ in range(per_block):
                t0 = now_ns()
                func()
                samples[name].append(now_ns() - t0)
    return {n: median(v) / 1e9 for n, v in samples.items()}


def start_stop(section: Section, blocks: int) -> None:
    from moto import mock_aws

    from ecrfake import mock_ecr_scanning

    def ecrfake_empty() -> None:
        with mock_ecr_scanning():
            pass

    def moto_empty() -> None:
        with mock_aws():
            pass

    med = _interleave({"ecrfake": ecrfake_empty, "moto": moto_empty}, blocks, 25)
    section.rows.append(
        {
            "figure": "start+stop of an empty `with` block (us)",
            "ecrfake": med["ecrfake"] * 1e6,
            "moto": med["moto"] * 1e6,
            "x moto": ratio(med["ecrfake"], med["moto"]),
        }
    )
    section.targets.append(Target("start+stop", med["ecrfake"] * 1e6, 100.0, "us"))


def per_test(section: Section, blocks: int) -> None:
    import boto3
    from moto import mock_aws

    from ecrfake import mock_ecr_scanning

    def ecrfake_test() -> None:
        with mock_ecr_scanning():
            boto3.client("ecr", region_name=REGION).create_repository(repositoryName="per-test")

    def moto_test() -> None:
        with mock_aws():
            boto3.client("ecr", region_name=REGION).create_repository(repositoryName="per-test")

    def client_only() -> None:
        with mock_ecr_scanning():
            boto3.client("ecr", region_name=REGION)

    med = _interleave(
        {"ecrfake": ecrfake_test, "moto": moto_test, "client": client_only}, blocks, 5
    )
    section.rows.append(
        {
            "figure": "per test: `with` + boto3.client + 1 call (ms)",
            "ecrfake": med["ecrfake"] * 1e3,
            "moto": med["moto"] * 1e3,
            "x moto": ratio(med["ecrfake"], med["moto"]),
            "reference": med["client"] * 1e3,
            "reference is": "ecrfake `with` + boto3.client, no call",
        }
    )
    section.targets.append(
        Target("per-test figure / moto's", ratio(med["ecrfake"], med["moto"]), 0.15)
    )


def run(quick: bool = False) -> Section:
    started = time.perf_counter()
    section = Section(
        "fixed costs (medians; contenders interleaved)",
        ["figure", "ecrfake", "moto", "x moto", "reference", "reference is"],
    )
    import_cost(section, 4 if quick else 20)
    start_stop(section, 8 if quick else 40)
    per_test(section, 3 if quick else 20)
    section.seconds = time.perf_counter() - started
    return section
