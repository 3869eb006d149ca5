"""The scripts in examples/ run against the fake as documented."""

from __future__ import annotations

import importlib.util
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from ecrfake import enhanced_finding, mock_ecr_scanning
from tests.conftest import make_manifest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quickstart_prints_the_seeded_finding(capsys):
    runpy.run_path(str(EXAMPLES / "quickstart.py"), run_name="__main__")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "{'status': 'IN_PROGRESS'}",
        "{'status': 'COMPLETE', 'description': 'The scan was completed successfully.'}",
        "{'HIGH': 1}",
        "HIGH     CVE-2019-5021",
    ]


def test_quickstart_runs_as_a_script_from_the_repository_root():
    done = subprocess.run(
        [sys.executable, "examples/quickstart.py"],
        cwd=EXAMPLES.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("HIGH     CVE-2019-5021\n")


@pytest.fixture
def gate():
    return _load("release_gate")


def _enhanced_registry(ecr_fake, findings, *, rule_filter="*"):
    import boto3

    ecr = boto3.client("ecr", region_name="eu-west-1")
    ecr.put_registry_scanning_configuration(
        scanType="ENHANCED",
        rules=[
            {
                "scanFrequency": "CONTINUOUS_SCAN",
                "repositoryFilters": [{"filter": rule_filter, "filterType": "WILDCARD"}],
            }
        ],
    )
    ecr_fake.registry(region="eu-west-1").seed_enhanced_findings(
        "shop/api", {"imageTag": "v2"}, findings
    )
    ecr.create_repository(repositoryName="shop/api")
    ecr.put_image(repositoryName="shop/api", imageManifest=make_manifest("api"), imageTag="v2")


def test_release_gate_blocks_on_critical(gate, capsys):
    with mock_ecr_scanning() as fake:
        _enhanced_registry(
            fake,
            [
                enhanced_finding(
                    "CVE-2021-44228",
                    severity="CRITICAL",
                    package_name="log4j-core",
                    package_version="2.14.1",
                    fixed_in_version="2.17.1",
                    score=10.0,
                ),
                enhanced_finding("CVE-2022-1", severity="HIGH"),
            ],
        )
        code = gate.main(["shop/api", "v2", "--region", "eu-west-1"])
    out = capsys.readouterr().out
    assert code == 1
    assert "CVE-2021-44228" in out and "fixed in 2.17.1" in out
    assert "CVE-2022-1" not in out
    assert "BLOCKED: 1 finding(s) at CRITICAL" in out


def test_release_gate_passes_without_critical(gate, capsys):
    with mock_ecr_scanning() as fake:
        _enhanced_registry(fake, [enhanced_finding("CVE-2022-1", severity="HIGH")])
        code = gate.main(["shop/api", "v2", "--region", "eu-west-1"])
    assert code == 0
    assert capsys.readouterr().out.startswith("OK: no CRITICAL findings in shop/api:v2")


def test_release_gate_can_block_on_more_severities(gate):
    with mock_ecr_scanning() as fake:
        _enhanced_registry(fake, [enhanced_finding("CVE-2022-1", severity="HIGH")])
        code = gate.main(
            ["shop/api", "v2", "--region", "eu-west-1", "--block", "CRITICAL", "--block", "HIGH"]
        )
    assert code == 1


def test_release_gate_cannot_judge_an_unscanned_image(gate, capsys):
    with mock_ecr_scanning() as fake:
        _enhanced_registry(fake, [], rule_filter="prod-*")
        code = gate.main(["shop/api", "v2", "--region", "eu-west-1"])
    assert code == 2
    assert "ScanNotFoundException" in capsys.readouterr().err


def test_release_gate_cannot_judge_a_pending_scan(gate, capsys):
    with mock_ecr_scanning() as fake:
        fake.registry(region="eu-west-1").plan_scan("shop/api", {"imageTag": "v2"}, polls=5)
        _enhanced_registry(fake, [enhanced_finding("CVE-1", severity="CRITICAL")])
        code = gate.main(["shop/api", "v2", "--region", "eu-west-1"])
    assert code == 2
    assert "scan status is PENDING" in capsys.readouterr().err
