"""The backend under test: ``ECRFAKE_BENCH_BACKEND=ecrfake`` (default) or ``moto``.

The same test functions run under either, so the wall-time ratio compares like with like. The
files are named ``suite_*.py`` so the project's own test run never collects them; ``run.py`` passes
them to pytest explicitly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

BACKEND = os.environ.get("ECRFAKE_BENCH_BACKEND", "ecrfake")


@pytest.fixture
def ecr() -> Iterator[Any]:
    """A boto3 ECR client in us-east-1 answered by the backend, fresh state per test."""
    if BACKEND == "moto":
        from moto import mock_aws

        mock: Any = mock_aws()
    else:
        from ecrfake import mock_ecr_scanning

        mock = mock_ecr_scanning()
    with mock:
        yield boto3.client("ecr", region_name="us-east-1")
