"""aiobotocore clients are answered in every activation form, with paginators, waiters and errors.

Runs where aiobotocore is installed (the ``async`` extra; CI runs it at the newest aiobotocore and
at the one aioboto3 15.5 pins). The ``sockets`` guard of every test proves nothing left the process.
No pytest-asyncio: each test drives its coroutine with ``asyncio.run``, as a user's script would.
"""

from __future__ import annotations

import asyncio
import unittest
from typing import Any

import pytest

aiobotocore_session = pytest.importorskip("aiobotocore.session")

from botocore.exceptions import ClientError  # noqa: E402

from ecrfake import EcrFake, mock_ecr_scanning  # noqa: E402

from .conftest import make_manifest  # noqa: E402


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


_SESSION = aiobotocore_session.get_session()  # one session: its loader caches the models


def _client(region: str = "us-east-1") -> Any:
    return _SESSION.create_client("ecr", region_name=region)


async def _create_and_list(name: str = "app") -> list[str]:
    async with _client() as ecr:
        await ecr.create_repository(repositoryName=name)
        listed = await ecr.describe_repositories()
        return [r["repositoryName"] for r in listed["repositories"]]


# -- activation forms -------------------------------------------------------------------------------


def test_create_repository_async_decorated_function_is_answered(sockets):
    @mock_ecr_scanning
    async def scenario() -> list[str]:
        return await _create_and_list()

    assert asyncio.run(scenario()) == ["app"]
    assert sockets == []


def test_create_repository_called_decorator_on_async_def_uses_its_region(sockets):
    @mock_ecr_scanning(account_id="111122223333", region="eu-west-1")
    async def scenario() -> str:
        async with _client("eu-west-1") as ecr:
            repo = await ecr.create_repository(repositoryName="app")
            return str(repo["repository"]["repositoryArn"])

    assert asyncio.run(scenario()) == "arn:aws:ecr:eu-west-1:111122223333:repository/app"
    assert sockets == []


def test_create_repository_inside_async_with_is_answered(sockets):
    async def scenario() -> tuple[list[str], EcrFake]:
        async with mock_ecr_scanning() as fake:
            return await _create_and_list(), fake

    names, fake = asyncio.run(scenario())
    assert names == ["app"]
    assert not fake.active
    assert sockets == []


def test_create_repository_with_block_around_asyncio_run_is_answered(sockets):
    with mock_ecr_scanning() as fake:
        assert asyncio.run(_create_and_list()) == ["app"]
        assert fake.registry().get_repository("app").name == "app"
    assert sockets == []


def test_create_repository_with_the_fixture_is_answered(ecr_fake, sockets):
    assert asyncio.run(_create_and_list()) == ["app"]
    assert ecr_fake.registry().get_repository("app").name == "app"
    assert sockets == []


def test_create_repository_client_made_before_the_fake_started_is_answered(sockets):
    async def scenario() -> list[str]:
        async with _client() as ecr:  # created (and credentials resolved) before start
            with mock_ecr_scanning():
                await ecr.create_repository(repositoryName="early")
                listed = await ecr.describe_repositories()
                return [r["repositoryName"] for r in listed["repositories"]]

    # fake keys so the client can be made before the fake puts its own in the environment
    import os

    os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"] = "AKIAEARLY", "early"
    assert asyncio.run(scenario()) == ["early"]
    assert sockets == []


def test_create_repository_isolated_asyncio_test_case_is_answered(sockets):
    outcomes: list[str] = []

    @mock_ecr_scanning
    class Case(unittest.IsolatedAsyncioTestCase):
        async def test_each_method_gets_fresh_state(self) -> None:
            outcomes.append(",".join(await _create_and_list()))

        async def test_again(self) -> None:
            outcomes.append(",".join(await _create_and_list()))

    result = unittest.TextTestRunner(verbosity=0, stream=_Null()).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(Case)
    )
    assert result.wasSuccessful(), result.errors + result.failures
    assert outcomes == ["app", "app"]  # no RepositoryAlreadyExistsException: fresh state each
    assert sockets == []


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


# -- what aiobotocore does with the answers ---------------------------------------------------------


@mock_ecr_scanning
async def _errors() -> tuple[str, str, bool]:
    async with _client() as ecr:
        try:
            await ecr.describe_repositories(repositoryNames=["missing"])
        except ecr.exceptions.RepositoryNotFoundException as error:
            err = error.response["Error"]
            return err["Code"], err["Message"], isinstance(error, ClientError)
    raise AssertionError("no error raised")


def test_describe_repositories_missing_raises_aiobotocore_client_error(sockets):
    code, message, is_client_error = asyncio.run(_errors())
    assert code == "RepositoryNotFoundException"
    assert message == (
        "The repository with name 'missing' does not exist in the registry with id '123456789012'"
    )
    assert is_client_error
    assert sockets == []


def test_describe_repositories_async_paginator_pages_through_everything(sockets):
    @mock_ecr_scanning
    async def scenario() -> list[list[str]]:
        async with _client() as ecr:
            for i in range(5):
                await ecr.create_repository(repositoryName=f"repo-{i}")
            pages = ecr.get_paginator("describe_repositories").paginate(
                PaginationConfig={"PageSize": 2}
            )
            return [[r["repositoryName"] for r in page["repositories"]] async for page in pages]

    pages = asyncio.run(scenario())
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(n for p in pages for n in p) == [f"repo-{i}" for i in range(5)]
    assert sockets == []


def test_image_scan_complete_async_waiter_succeeds_at_once(sockets):
    @mock_ecr_scanning
    async def scenario() -> str:
        async with _client() as ecr:
            await ecr.create_repository(repositoryName="app")
            await ecr.put_image(
                repositoryName="app", imageManifest=make_manifest("w"), imageTag="1.0"
            )
            await ecr.start_image_scan(repositoryName="app", imageId={"imageTag": "1.0"})
            await ecr.get_waiter("image_scan_complete").wait(
                repositoryName="app",
                imageId={"imageTag": "1.0"},
                WaiterConfig={"Delay": 0, "MaxAttempts": 2},
            )
            found = await ecr.describe_image_scan_findings(
                repositoryName="app", imageId={"imageTag": "1.0"}
            )
            return str(found["imageScanStatus"]["status"])

    assert asyncio.run(scenario()) == "COMPLETE"
    assert sockets == []


def test_create_repository_async_beside_moto_mock_aws_goes_to_ecrfake(sockets):
    import boto3
    from moto import mock_aws

    with mock_aws(), mock_ecr_scanning() as fake:
        assert asyncio.run(_create_and_list()) == ["app"]
        assert fake.registry().get_repository("app").name == "app"
        # moto still answers the other services (sync clients: moto cannot serve aiobotocore)
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="moto-bucket")
        names = [b["Name"] for b in boto3.client("s3").list_buckets()["Buckets"]]
        assert names == ["moto-bucket"]
    assert sockets == []


def test_aiobotocore_after_stop_is_no_longer_answered():
    from ecrfake import _patch

    with mock_ecr_scanning():
        pass
    assert not _patch.installed()
    import aiobotocore.endpoint

    assert not hasattr(aiobotocore.endpoint.AioEndpoint._do_get_response, "_ecrfake_seam")


def test_create_repository_aioboto3_session_client_is_answered(sockets):
    aioboto3 = pytest.importorskip("aioboto3")  # CI's aioboto3 leg (aioboto3 15.5)

    @mock_ecr_scanning
    async def scenario() -> list[str]:
        async with aioboto3.Session().client("ecr", region_name="us-east-1") as ecr:
            await ecr.create_repository(repositoryName="app")
            listed = await ecr.describe_repositories()
            return [r["repositoryName"] for r in listed["repositories"]]

    assert asyncio.run(scenario()) == ["app"]
    assert sockets == []


def test_list_findings_aiobotocore_inspector2_client_is_answered(sockets):
    @mock_ecr_scanning
    async def scenario() -> list[Any]:
        async with _SESSION.create_client("inspector2", region_name="us-east-1") as inspector:
            return list((await inspector.list_findings())["findings"])

    assert asyncio.run(scenario()) == []
    assert sockets == []


# -- aiobotocore imported after the fake started ----------------------------------------------------

_IMPORTED_LATE = """
import asyncio, json, sys
import botocore.endpoint
from ecrfake import mock_ecr_scanning

async def create(name):
    import aiobotocore.session
    session = aiobotocore.session.get_session()
    async with session.create_client(
        "ecr", region_name="us-east-1", aws_access_key_id="AKIA", aws_secret_access_key="s"
    ) as ecr:
        return (await ecr.create_repository(repositoryName=name))["repository"]["repositoryName"]

with mock_ecr_scanning():
    imported_at_start = "aiobotocore" in sys.modules
    answered = asyncio.run(create("late"))
import aiobotocore.endpoint as endpoint
restored = not hasattr(endpoint.AioEndpoint._do_get_response, "_ecrfake_seam")
hook_gone = "__init_subclass__" not in vars(botocore.endpoint.Endpoint)
with mock_ecr_scanning():  # imported now: wrapped at start
    again = asyncio.run(create("again"))
print(json.dumps([imported_at_start, answered, restored, hook_gone, again]))
"""


def test_aiobotocore_imported_while_the_fake_is_active_is_answered_and_unwrapped_after():
    # A fresh interpreter: starting the fake does not import aiobotocore (a quarter of a second
    # for tests that never use it), yet a client made after importing it late is answered.
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED_LATE], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [False, "late", True, True, "again"]
