"""The AWS SDK for JavaScript v3 (``@aws-sdk/client-ecr``, run by node) against ``ecrfake serve``.

``tests/js/scenario.mjs`` creates a repository, sets the registry scanning configuration, pushes an
image, pages through the findings this test seeded through the control API, creates a pull-through
cache rule, and catches an ECR error. In CI (``CI`` set) a missing node or ``npm ci`` is a failure,
never a skip; on a developer machine without them the test says how to get them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from ecrfake import enhanced_finding
from ecrfake.remote import RemoteFake

from ._scenario import FINDINGS, seed
from .conftest import start_cli

JS = Path(__file__).resolve().parent.parent / "js"


def _node() -> str:
    node = shutil.which("node")
    ready = all(
        (JS / "node_modules" / "@aws-sdk" / package).is_dir()
        for package in ("client-ecr", "client-inspector2")
    )
    if node is not None and ready:
        return node
    missing = "node is not installed" if node is None else f"run `npm ci` in {JS}"
    if os.environ.get("CI"):
        pytest.fail(f"the JavaScript SDK test cannot run in CI: {missing}", pytrace=False)
    pytest.skip(f"the JavaScript SDK test needs node and npm: {missing}")


def test_js_sdk_scenario_against_ecrfake_serve() -> None:
    node = _node()
    process, line = start_cli()
    try:
        url = line.split()[-1]
        seed(RemoteFake(url))
        run = subprocess.run(
            [node, str(JS / "scenario.mjs"), url],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=JS,
        )
        assert run.returncode == 0, run.stderr
        out = json.loads(run.stdout)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    assert out["repositoryArn"] == "arn:aws:ecr:us-east-1:123456789012:repository/js/app"
    assert out["createdAtIsDate"] is True
    assert out["imageDigest"] == out["manifestDigest"]
    assert out["scanStatus"] == "COMPLETE"
    assert out["completedAtIsDate"] is True
    assert out["pages"] == 3  # 45 findings, 20 a page
    assert sorted(out["findingNames"]) == FINDINGS
    assert out["firstPageSize"] == 7 and out["firstPageHasToken"] is True
    assert out["ruleUpstream"] == "public.ecr.aws"
    assert out["rulePrefixes"] == ["ecr-public"]
    assert out["error"]["name"] == "RepositoryNotFoundException"
    assert out["error"]["isRepositoryNotFound"] is True
    assert out["error"]["httpStatusCode"] == 400
    assert "js/missing" in out["error"]["message"]


def test_js_sdk_inspector2_list_findings_pages_through_seeded_findings(
    ecr_fake_server: RemoteFake,
) -> None:
    node = _node()
    ecr_fake_server.reset()
    seeded = [f"CVE-2024-{n:04d}" for n in range(3)]
    ecr_fake_server.registry().seed_enhanced_findings(
        "js/scanned",
        {"imageTag": "1.0"},
        [enhanced_finding(name, severity="HIGH") for name in seeded],
    )
    run = subprocess.run(
        [node, str(JS / "inspector2.mjs"), ecr_fake_server.url],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=JS,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert sorted(out["ids"]) == seeded
    assert out["pages"] == 2  # 3 findings, 2 a page
    assert out["firstObservedAtIsDate"] is True and out["severity"] == "HIGH"
    assert out["error"] == {"name": "ValidationException", "httpStatusCode": 400}


def test_js_example_of_the_server_page_runs_as_written(ecr_fake_server: RemoteFake) -> None:
    node = _node()
    page = (JS.parent.parent / "docs" / "server.md").read_text()
    (example,) = re.findall(r"^```js\n(.*?)^```$", page, re.M | re.S)
    ecr_fake_server.reset()
    script = JS / "_docs_example.mjs"  # beside node_modules, so its imports resolve
    script.write_text(example)
    try:
        run = subprocess.run(
            [node, str(script), ecr_fake_server.url],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=JS,
        )
    finally:
        script.unlink()
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/web",
        "RepositoryNotFoundException",
    ]
