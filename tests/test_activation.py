"""Every way of turning the fake on (api.md "Turning the fake on"), nesting, and the environment."""

from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import sys
import unittest

import boto3
import pytest
from botocore.exceptions import ClientError

from ecrfake import EcrFake, EcrFakeError, _patch, mock_ecr_scanning
from ecrfake._env import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

OTHER_ACCOUNT = "111122223333"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No credentials, profile or region of the developer's, and no reaching for IMDS."""
    for key in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def _create(name: str, region: str | None = "us-east-1", **kwargs) -> dict:
    client = boto3.client("ecr", region_name=region)
    return client.create_repository(repositoryName=name, **kwargs)["repository"]


def _intercepting() -> bool:
    return _patch.installed()


def _assert_already_exists(name: str) -> None:
    with pytest.raises(ClientError) as exc:
        _create(name)
    assert exc.value.response["Error"]["Code"] == "RepositoryAlreadyExistsException"
    assert exc.value.response["Error"]["Message"] == (
        f"The repository with name '{name}' already exists in the registry with id '123456789012'"
    )


# -- decorators ------------------------------------------------------------------------------------


def test_bare_decorator_sync_answers_inside_and_stops_after():
    @mock_ecr_scanning
    def scenario(name, *, tag):
        return _create(name)["repositoryUri"], tag

    assert scenario("app", tag="t") == (
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/app",
        "t",
    )
    assert scenario.__name__ == "scenario"
    assert not _intercepting()


def test_bare_decorator_each_call_starts_from_empty_state():
    @mock_ecr_scanning
    def scenario():
        return _create("app")["repositoryName"]

    assert scenario() == "app"
    assert scenario() == "app"  # no RepositoryAlreadyExistsException: fresh state


def test_bare_decorator_async_def_runs_the_coroutine_inside_the_fake():
    @mock_ecr_scanning
    async def scenario():
        await asyncio.sleep(0)
        return _create("app")["registryId"], _intercepting()

    assert inspect.iscoroutinefunction(scenario)
    assert asyncio.run(scenario()) == ("123456789012", True)
    assert not _intercepting()


def test_called_decorator_account_and_region_are_the_request_defaults():
    @mock_ecr_scanning(account_id=OTHER_ACCOUNT, region="eu-west-1")
    def scenario():
        repo = boto3.client("ecr").create_repository(repositoryName="app")
        return repo["repository"]["repositoryArn"]

    assert scenario() == f"arn:aws:ecr:eu-west-1:{OTHER_ACCOUNT}:repository/app"


def test_called_decorator_async_with_arguments():
    @mock_ecr_scanning(account_id=OTHER_ACCOUNT)
    async def scenario():
        return _create("app")["registryId"]

    assert asyncio.run(scenario()) == OTHER_ACCOUNT


def test_with_block_handle_registry_defaults_to_account_and_region():
    with mock_ecr_scanning(account_id=OTHER_ACCOUNT, region="eu-west-1") as fake:
        assert isinstance(fake, EcrFake)
        _create("app", region="eu-west-1")
        registry = fake.registry()
        assert (registry.account_id, registry.region) == (OTHER_ACCOUNT, "eu-west-1")
        assert registry.get_repository("app").name == "app"
        other = fake.registry("123456789012", "us-east-1")
        assert "app" not in other.repositories
    assert not fake.active


def test_with_block_registry_default_region_is_us_east_1():
    with mock_ecr_scanning() as fake:
        _create("app", region="us-east-1")
        assert fake.registry().region == "us-east-1"
        assert fake.registry().account_id == "123456789012"
        assert fake.registry().get_repository("app").registry_id == "123456789012"


def test_request_with_registry_id_addresses_another_account():
    with mock_ecr_scanning() as fake:
        assert _create("app", registryId=OTHER_ACCOUNT)["registryId"] == OTHER_ACCOUNT
        assert fake.registry(OTHER_ACCOUNT).get_repository("app").registry_id == OTHER_ACCOUNT
        assert "app" not in fake.registry().repositories


def test_async_with_block():
    async def scenario():
        async with mock_ecr_scanning(region="ap-south-1") as fake:
            _create("app", region="ap-south-1")
            return fake.registry().get_repository("app").region, fake.active

    assert asyncio.run(scenario()) == ("ap-south-1", True)
    assert not _intercepting()


def test_start_returns_the_handle_and_stop_deactivates():
    fake = mock_ecr_scanning()
    assert not fake.active
    assert fake.start() is fake
    try:
        assert fake.active
        assert _create("app")["repositoryName"] == "app"
    finally:
        fake.stop()
    assert not fake.active
    assert not _intercepting()
    assert fake.registry().get_repository("app").name == "app"  # the last state, still readable


def test_start_stop_again_starts_from_empty_state():
    fake = mock_ecr_scanning()
    with fake:
        _create("app")
    with fake:
        assert _create("app")["repositoryName"] == "app"


# -- class decorator ------------------------------------------------------------------------------


def _run(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


def test_class_decorator_testcase_each_method_gets_fresh_state_inside_setup_and_teardown():
    events: list[tuple[str, bool]] = []

    @mock_ecr_scanning
    class Case(unittest.TestCase):
        def setUp(self):
            events.append(("setUp", _intercepting()))
            _create("from-setup")

        def tearDown(self):
            events.append(("tearDown", _intercepting()))
            self.ecr_fake.registry().get_repository("from-setup")

        def test_one(self):
            events.append(("test_one", _intercepting()))
            _create("app")

        def test_two(self):
            events.append(("test_two", _intercepting()))
            _create("app")

    result = _run(Case)

    assert result.wasSuccessful(), result.errors + result.failures
    assert result.testsRun == 2
    assert events == [
        ("setUp", True),
        ("test_one", True),
        ("tearDown", True),
        ("setUp", True),
        ("test_two", True),
        ("tearDown", True),
    ]
    assert not _intercepting()


def test_class_decorator_testcase_without_own_setup():
    @mock_ecr_scanning(account_id=OTHER_ACCOUNT)
    class Case(unittest.TestCase):
        def test_one(self):
            self.assertEqual(_create("app")["registryId"], OTHER_ACCOUNT)

    result = _run(Case)
    assert result.wasSuccessful(), result.errors + result.failures


def test_class_decorator_testcase_setup_failure_still_stops_the_fake():
    before = dict(os.environ)

    @mock_ecr_scanning
    class Case(unittest.TestCase):
        def setUp(self):
            raise RuntimeError("setUp broke")

        def test_one(self):  # pragma: no cover - setUp fails first
            pass

    result = _run(Case)

    assert len(result.errors) == 1
    assert "setUp broke" in result.errors[0][1]
    assert not _intercepting()
    assert dict(os.environ) == before


def test_class_decorator_testcase_cleanup_runs_after_teardown():
    seen: list[bool] = []

    @mock_ecr_scanning
    class Case(unittest.TestCase):
        def setUp(self):
            self.addCleanup(lambda: seen.append(_intercepting()))  # runs before the fake's stop

        def tearDown(self):
            seen.append(_intercepting())

        def test_one(self):
            pass

    assert _run(Case).wasSuccessful()
    assert seen == [True, True]
    assert not _intercepting()


def test_class_decorator_isolated_asyncio_testcase():
    @mock_ecr_scanning
    class Case(unittest.IsolatedAsyncioTestCase):
        async def asyncSetUp(self):
            _create("app")

        async def test_one(self):
            self.assertTrue(_intercepting())
            self.ecr_fake.registry().get_repository("app")

    result = _run(Case)
    assert result.wasSuccessful(), result.errors + result.failures


def test_class_decorator_plain_class_wraps_only_test_functions():
    @mock_ecr_scanning
    class Plain:
        label = "test_not_a_function"

        def test_create(self):
            return _create("app")["repositoryName"]

        async def test_async(self):
            return _intercepting()

        def helper(self):
            return _intercepting()

        @staticmethod
        def test_static():
            return _intercepting()

        @classmethod
        def test_class(cls):
            return _intercepting()

    plain = Plain()
    assert plain.test_create() == "app"
    assert plain.test_create() == "app"  # fresh state per call
    assert asyncio.run(plain.test_async()) is True
    assert plain.helper() is False
    assert Plain.test_static() is False
    assert Plain.test_class() is False
    assert isinstance(vars(Plain)["test_static"], staticmethod)
    assert isinstance(vars(Plain)["test_class"], classmethod)
    assert Plain.label == "test_not_a_function"


def test_decorating_something_else_raises_type_error():
    with pytest.raises(TypeError, match="decorates functions, async functions and classes"):
        mock_ecr_scanning(42)  # type: ignore[call-overload]


def test_decorating_a_generator_function_raises_type_error():
    def gen():
        yield 1

    with pytest.raises(TypeError, match="cannot decorate the generator function"):
        mock_ecr_scanning(gen)


# -- nesting ----------------------------------------------------------------------------------------


def test_nested_activation_shares_state_and_leaving_it_keeps_the_outer_active():
    before = dict(os.environ)
    with mock_ecr_scanning() as outer:
        _create("app")
        with mock_ecr_scanning() as inner:
            assert inner.state is outer.state
            _assert_already_exists("app")
            _create("inner-made")
        assert outer.active and not inner.active
        assert _intercepting()
        assert os.environ["AWS_ACCESS_KEY_ID"] == FAKE_ACCESS_KEY
        _assert_already_exists("inner-made")
    assert not _intercepting()
    assert dict(os.environ) == before


def test_nested_decorated_function_shares_the_outer_state():
    @mock_ecr_scanning
    def inner():
        _assert_already_exists("app")

    with mock_ecr_scanning():
        _create("app")
        inner()
        assert _intercepting()


def test_nested_account_id_is_the_default_only_while_inner_is_active():
    with mock_ecr_scanning() as outer:
        _create("shared")
        with mock_ecr_scanning(account_id=OTHER_ACCOUNT) as inner:
            assert _create("app")["registryId"] == OTHER_ACCOUNT
            assert inner.account_id == OTHER_ACCOUNT
            assert inner.registry().get_repository("app").registry_id == OTHER_ACCOUNT
            assert outer.registry().get_repository("shared").registry_id == "123456789012"
            assert inner.registry("123456789012").get_repository("shared").name == "shared"
        assert _create("again")["registryId"] == "123456789012"
        assert outer.registry(OTHER_ACCOUNT).get_repository("app").name == "app"


def test_nested_without_arguments_inherits_the_enclosing_defaults():
    with mock_ecr_scanning(account_id=OTHER_ACCOUNT, region="eu-west-1"):
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
        with mock_ecr_scanning() as inner:
            assert (inner.account_id, inner.region) == (OTHER_ACCOUNT, "eu-west-1")
            repo = boto3.client("ecr").create_repository(repositoryName="app")
            assert repo["repository"]["repositoryArn"].startswith(
                f"arn:aws:ecr:eu-west-1:{OTHER_ACCOUNT}:"
            )


def test_nested_region_replaces_the_fakes_environment_region_until_it_stops():
    with mock_ecr_scanning():
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        with mock_ecr_scanning(region="eu-west-1") as inner:
            assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
            assert inner.registry().region == "eu-west-1"
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_nested_region_never_replaces_a_user_region(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    with mock_ecr_scanning(), mock_ecr_scanning(region="eu-west-1") as inner:
        assert os.environ["AWS_DEFAULT_REGION"] == "ap-south-1"
        assert inner.registry().region == "eu-west-1"


def test_stop_without_start_raises_runtime_error():
    fake = mock_ecr_scanning()
    with pytest.raises(
        RuntimeError, match=r"stop\(\) called on <EcrFake .*>, which is not started"
    ):
        fake.stop()


def test_start_twice_raises_runtime_error():
    with mock_ecr_scanning() as fake:
        with pytest.raises(RuntimeError, match="is already started"):
            fake.start()
        assert fake.active


def test_stop_out_of_order_raises_and_leaves_both_active():
    outer = mock_ecr_scanning().start()
    inner = mock_ecr_scanning().start()
    try:
        with pytest.raises(RuntimeError, match="not the innermost active fake") as exc:
            outer.stop()
        assert outer.active and inner.active
        # the two fakes read apart in the message
        assert "region=us-east-1 active, 1 of 2 active>" in str(exc.value)
        assert "(<EcrFake account=123456789012 region=us-east-1 active, 2 of 2 active>)" in str(
            exc.value
        )
    finally:
        inner.stop()
        outer.stop()
    assert not _intercepting()


# -- exceptions inside ------------------------------------------------------------------------------


@pytest.mark.parametrize("error", [ValueError("boom"), KeyboardInterrupt()])
def test_exception_inside_decorated_function_stops_and_restores(error):
    before = dict(os.environ)

    @mock_ecr_scanning
    def scenario():
        _create("app")
        raise error

    with pytest.raises(type(error)):
        scenario()
    assert not _intercepting()
    assert dict(os.environ) == before


@pytest.mark.parametrize("error", [ValueError("boom"), KeyboardInterrupt()])
def test_exception_inside_with_block_stops_and_restores(error):
    before = dict(os.environ)
    with pytest.raises(type(error)), mock_ecr_scanning() as fake:
        _create("app")
        raise error
    assert not fake.active
    assert not _intercepting()
    assert dict(os.environ) == before


def test_exception_inside_async_decorated_function_stops_and_restores():
    before = dict(os.environ)

    @mock_ecr_scanning
    async def scenario():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(scenario())
    assert not _intercepting()
    assert dict(os.environ) == before


# -- arguments ------------------------------------------------------------------------------------


@pytest.mark.parametrize("account_id", ["12345", "abcdefghijkl", "1234567890123", ""])
def test_mock_ecr_scanning_bad_account_id_raises_ecr_fake_error(account_id):
    with pytest.raises(EcrFakeError) as exc:
        mock_ecr_scanning(account_id=account_id)
    assert str(exc.value) == (
        "mock_ecr_scanning(account_id=...) must be a 12-digit AWS account id such as "
        f"'123456789012', not {account_id!r}"
    )


@pytest.mark.parametrize("region", ["US-EAST-1", "useast1", ""])
def test_mock_ecr_scanning_bad_region_raises_ecr_fake_error(region):
    with pytest.raises(EcrFakeError) as exc:
        mock_ecr_scanning(region=region)
    assert str(exc.value) == (
        "mock_ecr_scanning(region=...) must be an AWS region name such as 'us-east-1' "
        f"(<area>-<direction>-<number>), not {region!r}"
    )


def test_repr_shows_defaults_and_status():
    fake = mock_ecr_scanning(account_id=OTHER_ACCOUNT, region="eu-west-1")
    assert repr(fake) == f"<EcrFake account={OTHER_ACCOUNT} region=eu-west-1 stopped>"
    with fake:
        assert repr(fake) == f"<EcrFake account={OTHER_ACCOUNT} region=eu-west-1 active>"


# -- environment ------------------------------------------------------------------------------------


def test_environment_without_credentials_gets_fake_ones_and_is_restored_exactly(monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "does-not-exist")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "does-not-exist")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "stale-token")
    before = dict(os.environ)
    with mock_ecr_scanning():
        assert os.environ["AWS_ACCESS_KEY_ID"] == FAKE_ACCESS_KEY
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == FAKE_SECRET_KEY
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
        for key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
            assert key not in os.environ
        # a new session finds the fake keys (the named profile would raise ProfileNotFound)
        creds = boto3.session.Session().get_credentials()
        assert creds.access_key == FAKE_ACCESS_KEY
        assert _create("app", region=None)["repositoryArn"].startswith("arn:aws:ecr:us-east-1:")
    assert dict(os.environ) == before


def test_environment_with_user_credentials_is_untouched(monkeypatch):
    user = {
        "AWS_ACCESS_KEY_ID": "AKIAUSERKEY000000000",
        "AWS_SECRET_ACCESS_KEY": "user-secret",
        "AWS_SESSION_TOKEN": "user-token",
        "AWS_PROFILE": "mine",
        "AWS_DEFAULT_REGION": "eu-central-1",
    }
    for key, value in user.items():
        monkeypatch.setenv(key, value)
    before = dict(os.environ)
    with mock_ecr_scanning(region="eu-west-1"):
        assert {key: os.environ.get(key) for key in user} == user
    assert dict(os.environ) == before


def test_environment_aws_region_counts_as_a_user_region(monkeypatch):
    monkeypatch.setenv("AWS_REGION", "ca-central-1")
    with mock_ecr_scanning():
        assert "AWS_DEFAULT_REGION" not in os.environ


def test_environment_partial_credentials_are_replaced_while_active(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAHALFONLY00000000")
    before = dict(os.environ)
    with mock_ecr_scanning():
        assert os.environ["AWS_ACCESS_KEY_ID"] == FAKE_ACCESS_KEY
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == FAKE_SECRET_KEY
    assert dict(os.environ) == before


def test_environment_changes_made_inside_are_undone_on_stop():
    before = dict(os.environ)
    with mock_ecr_scanning():
        os.environ["ECRFAKE_TEST_MARKER"] = "1"
        del os.environ["AWS_CONFIG_FILE"]
    assert dict(os.environ) == before


def test_environment_values_changed_inside_get_their_old_values_in_the_process_environment(
    monkeypatch,
):
    # given: a value the test changes and one with non-ASCII text
    monkeypatch.setenv("ECRFAKE_TEST_CHANGED", "before")
    monkeypatch.setenv("ECRFAKE_TEST_TEXT", "caf\u00e9")
    with mock_ecr_scanning():
        os.environ["ECRFAKE_TEST_CHANGED"] = "inside"
        del os.environ["ECRFAKE_TEST_TEXT"]
    # then: os.environ and the C environment a child process inherits both have the old values
    assert os.environ["ECRFAKE_TEST_CHANGED"] == "before"
    assert os.environ["ECRFAKE_TEST_TEXT"] == "caf\u00e9"
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.environ['ECRFAKE_TEST_CHANGED'])"],
        env=None,
        capture_output=True,
        text=True,
        check=True,
    )
    assert child.stdout.strip() == "before"


def test_environment_is_restored_where_os_environ_keeps_no_encoded_dict(monkeypatch):
    # given: an interpreter whose os.environ has no dict of encoded entries (not CPython's)
    from ecrfake import _env

    monkeypatch.setattr(_env, "_encoded", lambda: None)
    monkeypatch.setenv("ECRFAKE_TEST_CHANGED", "before")
    before = dict(os.environ)
    with mock_ecr_scanning():
        os.environ["ECRFAKE_TEST_CHANGED"] = "inside"
        os.environ["ECRFAKE_TEST_MARKER"] = "1"
    assert dict(os.environ) == before


def test_interception_is_recognised_after_its_modules_are_imported_again(monkeypatch):
    # pytester's in-process runs drop modules imported meanwhile and import them again later; a
    # seam made by the earlier copy must still count as installed (this once failed in random order).
    import importlib
    import sys

    with mock_ecr_scanning():
        monkeypatch.delitem(sys.modules, "ecrfake._patch._seam", raising=False)
        importlib.import_module("ecrfake._patch._seam")
        assert _intercepting()
    assert not _intercepting()
