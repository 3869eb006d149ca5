"""``ecrfake serve`` as a user runs it: a subprocess, its first line, signals, exit status."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys

import boto3
import pytest

from ecrfake.server.cli import exposure_warning

from .conftest import CREDENTIALS, start_cli

LINE_RE = re.compile(r"^ecrfake listening on http://127\.0\.0\.1:(\d+)\n$")


def _stop(process: subprocess.Popen[str], sig: int) -> int:
    process.send_signal(sig)
    try:
        return process.wait(timeout=30)
    finally:
        if process.poll() is None:  # pragma: no cover - only when the test already failed
            process.kill()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_signal_exits_zero(sig: int) -> None:
    process, line = start_cli()
    assert LINE_RE.match(line), line
    port = int(LINE_RE.match(line).group(1))  # type: ignore[union-attr]
    ecr = boto3.client(
        "ecr", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", **CREDENTIALS
    )
    assert ecr.describe_repositories()["repositories"] == []
    assert _stop(process, sig) == 0
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()


def test_serve_console_script_account_and_region_are_defaults() -> None:
    script = shutil.which("ecrfake", path=os.path.dirname(sys.executable))
    assert script is not None, "the ecrfake console script is not installed"
    process, line = start_cli(
        "--account", "111122223333", "--region", "eu-west-1", command=(script,)
    )
    try:
        url = line.split()[-1]
        ecr = boto3.client("ecr", endpoint_url=url, region_name="eu-west-1", **CREDENTIALS)
        arn = ecr.create_repository(repositoryName="app")["repository"]["repositoryArn"]
        assert arn == "arn:aws:ecr:eu-west-1:111122223333:repository/app"
    finally:
        assert _stop(process, signal.SIGTERM) == 0


def test_serve_bad_account_exits_two_with_the_rule() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "ecrfake", "serve", "--account", "12"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert "12-digit" in process.stderr


def test_main_without_command_exits_two() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "ecrfake"], capture_output=True, text=True, timeout=60
    )
    assert process.returncode == 2
    assert "serve" in process.stderr


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_exposure_warning_loopback_is_silent(host: str) -> None:
    assert exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.test"])
def test_exposure_warning_other_hosts_warn(host: str) -> None:
    warning = exposure_warning(host)
    assert warning is not None
    assert host in warning and "anyone who can reach" in warning
