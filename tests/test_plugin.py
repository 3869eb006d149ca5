"""The ``ecr_fake`` fixture of the pytest plugin, run in a pytester session like a user's suite."""

from __future__ import annotations

import textwrap

import pytest

# Loaded here, before any inner session: pytester's in-process runs drop the modules they imported,
# and a fresh copy of ecrfake.handlers would register every operation a second time.
import ecrfake._patch
import ecrfake.handlers  # noqa: F401

pytest_plugins = ["pytester"]

#: Plugins the inner sessions do not need (hypothesis' summary alone costs a second per run).
QUIET = ("-p", "no:randomly", "-p", "no:cacheprovider", "-p", "no:hypothesispytest")

_CLEAN_ENV = """
    import pytest

    @pytest.fixture(scope="session", autouse=True)
    def clean_env(tmp_path_factory):
        with pytest.MonkeyPatch.context() as mp:
            for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                        "AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION"):
                mp.delenv(key, raising=False)
            none = str(tmp_path_factory.mktemp("aws") / "none")
            mp.setenv("AWS_EC2_METADATA_DISABLED", "true")
            mp.setenv("AWS_CONFIG_FILE", none)
            mp.setenv("AWS_SHARED_CREDENTIALS_FILE", none)
            yield
"""


def _run(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makeconftest(textwrap.dedent(_CLEAN_ENV))
    pytester.makepyfile(textwrap.dedent(source))
    return pytester.runpytest(*QUIET)


def test_ecr_fake_fixture_is_active_with_fresh_state_per_test(pytester):
    result = _run(
        pytester,
        """
        import os
        import boto3
        from ecrfake import EcrFake, _patch

        def test_one(ecr_fake: EcrFake):
            assert isinstance(ecr_fake, EcrFake) and ecr_fake.active
            boto3.client("ecr", region_name="us-east-1").create_repository(repositoryName="app")
            assert ecr_fake.registry().get_repository("app").name == "app"

        def test_two(ecr_fake: EcrFake):
            # fresh state: no RepositoryAlreadyExistsException
            boto3.client("ecr", region_name="us-east-1").create_repository(repositoryName="app")

        def test_three_without_the_fixture():
            assert not _patch.installed()
            assert "AWS_DEFAULT_REGION" not in os.environ
        """,
    )
    result.assert_outcomes(passed=3)


def test_ecr_fake_fixture_is_stopped_after_a_failing_test(pytester):
    result = _run(
        pytester,
        """
        import os
        from ecrfake import _patch

        def test_fails(ecr_fake):
            assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
            raise AssertionError("the test failed")

        def test_next():
            assert not _patch.installed()
            assert "AWS_DEFAULT_REGION" not in os.environ
        """,
    )
    result.assert_outcomes(passed=1, failed=1)


def test_fakes_a_crashed_test_left_started_do_not_poison_the_next_test(pytester):
    result = _run(
        pytester,
        """
        import boto3
        from ecrfake import mock_ecr_scanning
        from ecrfake.fake import active_fakes

        def test_crashes_with_a_fake_of_its_own_started(ecr_fake):
            mock_ecr_scanning(account_id="111122223333", region="eu-west-1").start()
            mock_ecr_scanning().start()
            boto3.client("ecr", region_name="us-east-1").create_repository(repositoryName="app")
            raise RuntimeError("crashed before stop()")

        def test_next_starts_clean(ecr_fake):
            assert active_fakes() == (ecr_fake,)
            assert ecr_fake.account_id == "123456789012"
            repo = boto3.client("ecr", region_name="us-east-1").create_repository(
                repositoryName="app"
            )
            assert repo["repository"]["registryId"] == "123456789012"

        def test_nothing_left():
            assert active_fakes() == ()
        """,
    )
    result.assert_outcomes(passed=2, failed=1)


def test_ecr_fake_fixture_inside_a_wider_fake_nests_and_leaves_it_running(pytester):
    result = _run(
        pytester,
        """
        import boto3
        import pytest
        from ecrfake import mock_ecr_scanning

        @pytest.fixture(scope="module")
        def module_fake():
            with mock_ecr_scanning() as fake:
                boto3.client("ecr", region_name="us-east-1").create_repository(
                    repositoryName="seeded"
                )
                yield fake

        def test_one(module_fake, ecr_fake):
            assert ecr_fake.state is module_fake.state
            assert "seeded" in ecr_fake.registry().repositories

        def test_two(module_fake, ecr_fake):
            assert module_fake.active
            assert "seeded" in ecr_fake.registry().repositories
        """,
    )
    result.assert_outcomes(passed=2)


def test_ecr_fake_fixture_is_stopped_when_the_test_stopped_it_itself(pytester):
    result = _run(
        pytester,
        """
        from ecrfake import _patch

        def test_stops_it(ecr_fake):
            ecr_fake.stop()
            assert not ecr_fake.active

        def test_next():
            assert not _patch.installed()
        """,
    )
    result.assert_outcomes(passed=2)


def test_ecr_fake_fixture_with_a_decorated_test_class(pytester):
    result = _run(
        pytester,
        """
        import unittest
        import boto3
        from ecrfake import mock_ecr_scanning

        @mock_ecr_scanning(account_id="111122223333")
        class TestRepositories(unittest.TestCase):
            def setUp(self):
                self.ecr = boto3.client("ecr", region_name="us-east-1")

            def test_create(self):
                repo = self.ecr.create_repository(repositoryName="app")["repository"]
                self.assertEqual(repo["registryId"], "111122223333")

            def test_create_again(self):
                self.ecr.create_repository(repositoryName="app")
        """,
    )
    result.assert_outcomes(passed=2)


def test_plugin_is_registered_through_the_pytest11_entry_point(pytester):
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("--fixtures", *QUIET)
    result.stdout.fnmatch_lines(["*ecr_fake*", "*An active*EcrFake*with empty state*"])


def test_ecr_fake_fixture_unused_seed_warning_points_at_the_test(pytester):
    pytester.makepyfile(
        test_seeds="""
        from ecrfake import basic_finding


        def test_seeds_a_typo(ecr_fake):
            ecr_fake.registry().seed_basic_findings(
                "app", {"imageTag": "1.0"}, [basic_finding("CVE-1", severity="LOW")]
            )
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-W", "default")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*test_seeds.py:4: EcrFakeWarning: ecrfake: 1 seed(s)*"])
    assert "pytest_plugin.py" not in result.stdout.str()
