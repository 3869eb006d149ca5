"""The AWS CLI v1 (``aws``, a subprocess with ``--endpoint-url``) against the server: the JS scenario."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import Any

import pytest

from ecrfake.remote import RemoteFake

from ._scenario import FINDINGS, REPOSITORY, SCANNING_RULES, manifest, seed


def _aws() -> str:
    found = shutil.which("aws", path=os.path.dirname(sys.executable)) or shutil.which("aws")
    if found is None:
        pytest.fail("the AWS CLI is not installed: pip install -e '.[test]'", pytrace=False)
    return found


@pytest.fixture
def aws(ecr_fake_server: RemoteFake, tmp_path: Any) -> Any:
    command = _aws()
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "not-a-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_PAGER": "",
    }
    env.pop("AWS_PROFILE", None)

    def run(*args: str, check: bool = True) -> Any:
        done = subprocess.run(
            [command, "ecr", *args, "--endpoint-url", ecr_fake_server.url, "--output", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        if not check:
            return done
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    return run


def test_aws_cli_scenario_against_the_server(aws: Any, ecr_fake_server: RemoteFake) -> None:
    seed(ecr_fake_server)
    created = aws("create-repository", "--repository-name", REPOSITORY)
    assert created["repository"]["repositoryArn"].endswith(":repository/js/app")
    aws(
        "put-registry-scanning-configuration",
        "--scan-type",
        "BASIC",
        "--rules",
        json.dumps(SCANNING_RULES),
    )
    pushed = aws(
        "put-image",
        "--repository-name",
        REPOSITORY,
        "--image-tag",
        "1.0",
        "--image-manifest",
        manifest(),
    )
    assert pushed["image"]["imageId"]["imageTag"] == "1.0"
    # The CLI pages by itself: --page-size 20 makes three requests and prints one merged answer.
    found = aws(
        "describe-image-scan-findings",
        "--repository-name",
        REPOSITORY,
        "--image-id",
        "imageTag=1.0",
        "--page-size",
        "20",
    )
    assert found["imageScanStatus"]["status"] == "COMPLETE"
    assert sorted(f["name"] for f in found["imageScanFindings"]["findings"]) == FINDINGS
    first = aws(
        "describe-image-scan-findings",
        "--repository-name",
        REPOSITORY,
        "--image-id",
        "imageTag=1.0",
        "--max-items",
        "7",
    )
    assert len(first["imageScanFindings"]["findings"]) == 7 and first["NextToken"]
    rule = aws(
        "create-pull-through-cache-rule",
        "--ecr-repository-prefix",
        "ecr-public",
        "--upstream-registry-url",
        "public.ecr.aws",
    )
    assert rule["upstreamRegistryUrl"] == "public.ecr.aws"
    failed = aws("describe-repositories", "--repository-names", "js/missing", check=False)
    assert failed.returncode == 255  # AWS CLI v1: 255 for a service error
    assert "(RepositoryNotFoundException)" in failed.stderr and "js/missing" in failed.stderr
