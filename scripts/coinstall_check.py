"""Can ecrfake be installed next to the stacks its users pin? One fresh venv per stack.

For each stack: create a venv, ``pip install`` the stack together with ecrfake from this checkout,
run ``pip check``, and report the botocore and boto3 that pip resolved. A stack passes when the
install resolves and ``pip check`` is clean (no silent upgrade over the stack's own pins).

    python scripts/coinstall_check.py                  # full installs + pip check (minutes)
    python scripts/coinstall_check.py --resolve-only   # pip's resolver only (--dry-run --report)
    python scripts/coinstall_check.py --stack prowler  # some of the stacks

``--resolve-only`` asks pip to resolve without installing: a clean resolution means no conflict in
the declared requirements, which is what ``pip check`` would then verify on disk. It is the form
``.ci/run`` uses, to stay inside its time budget; the full form is what the numbers in
docs/usage.md ("Tested versions") come from. Exit status 1 if any stack fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The stacks issue #10 names: what each pins, and why it matters.
STACKS: dict[str, list[str]] = {
    "prowler": ["prowler==5.46.0"],  # pins botocore==1.40.61
    "c7n": ["c7n==0.9.53"],  # pins boto3==1.43.103
    "aiobotocore": ["aiobotocore"],  # the newest; caps botocore just above its own
    "aioboto3": ["aioboto3==15.5.0"],  # pins aiobotocore 2.25.1: botocore<1.40.62
    "awscli": ["awscli<2"],  # the newest v1: pins one botocore
    "moto": ["moto[ecr]>=5,<6"],
}


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


def check(name: str, requirements: list[str], resolve_only: bool) -> dict[str, str]:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"coinstall-{name}-") as tmp:
        env_dir = Path(tmp) / "venv"
        venv.create(env_dir, with_pip=True)
        python = str(env_dir / "bin" / "python")
        pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
        _run([*pip, "install", "--upgrade", "pip"])
        report = Path(tmp) / "report.json"
        dry_run = (
            ["--dry-run", "--ignore-installed", "--report", str(report)] if resolve_only else []
        )
        install = [*pip, "install", *dry_run, *requirements, str(ROOT)]
        result = _run(install)
        row = {"stack": " ".join(requirements), "botocore": "-", "boto3": "-"}
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            row["result"] = "FAILS to resolve: " + " / ".join(tail)
        elif resolve_only:
            resolved = {
                item["metadata"]["name"].lower(): item["metadata"]["version"]
                for item in json.loads(report.read_text())["install"]
            }
            row["botocore"] = resolved.get("botocore", "-")
            row["boto3"] = resolved.get("boto3", "-")
            row["result"] = "resolves cleanly"
        else:
            versions = _run(
                [
                    python,
                    "-c",
                    "import botocore, boto3; print(botocore.__version__, boto3.__version__)",
                ]
            ).stdout.split()
            if len(versions) == 2:
                row["botocore"], row["boto3"] = versions
            checked = _run([*pip, "check"])
            row["result"] = (
                "pip check clean"
                if checked.returncode == 0
                else "pip check: " + " / ".join(checked.stdout.strip().splitlines()[:3])
            )
        row["seconds"] = f"{time.monotonic() - started:.0f}"
        return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resolve-only", action="store_true", help="pip --dry-run, no install")
    parser.add_argument("--stack", action="append", choices=sorted(STACKS), help="repeatable")
    args = parser.parse_args(argv)
    names = args.stack or list(STACKS)
    print("| stack | botocore | boto3 | result | s |")
    print("|---|---|---|---|---|")
    failed = False
    for name in names:
        row = check(name, STACKS[name], args.resolve_only)
        ok = row["result"] in ("pip check clean", "resolves cleanly")
        failed = failed or not ok
        print(
            f"| {row['stack']} | {row['botocore']} | {row['boto3']} | {row['result']} | {row['seconds']} |"
        )
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
