"""Importing ecrfake (which every pytest session does through the plugin) stays cheap and inert."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import ecrfake

HEAVY = (
    "boto3",
    "botocore",
    "responses",
    "requests",
    "urllib3",
    "asyncio",
    "unittest.mock",
    "ecrfake._patch",
    "ecrfake._dispatch",
    "ecrfake.handlers",
)


def _loaded_after(code: str) -> list[str]:
    """The HEAVY modules present in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json, sys
        print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_import_ecrfake_loads_no_aws_or_http_library():
    assert _loaded_after("import ecrfake") == []


def test_import_pytest_plugin_loads_no_aws_or_http_library():
    assert _loaded_after("import ecrfake.pytest_plugin") == []


def test_decorating_loads_nothing_until_the_fake_starts():
    loaded = _loaded_after(
        """
        import unittest
        from ecrfake import mock_ecr_scanning

        @mock_ecr_scanning
        def test_a(): ...

        @mock_ecr_scanning(account_id="111122223333", region="eu-west-1")
        async def test_b(): ...

        @mock_ecr_scanning
        class TestC(unittest.TestCase):
            def test_c(self): ...

        fake = mock_ecr_scanning()
        """
    )
    assert loaded == []


def test_starting_the_fake_loads_the_interception():
    loaded = _loaded_after(
        """
        from ecrfake import mock_ecr_scanning

        with mock_ecr_scanning():
            pass
        """
    )
    assert {"botocore", "responses", "requests", "ecrfake._patch"} <= set(loaded)


def test_public_names_are_those_of_the_contract():
    assert sorted(ecrfake.__all__) == [
        "EcrFake",
        "EcrFakeError",
        "EnhancedImageScanFinding",
        "ImageIdentifier",
        "ImageScanFinding",
        "Registry",
        "__version__",
        "basic_finding",
        "enhanced_finding",
        "mock_ecr_scanning",
    ]
    for name in ecrfake.__all__:
        assert getattr(ecrfake, name) is not None
    assert isinstance(ecrfake.__version__, str)


def test_import_ecrfake_compiles_no_host_pattern_until_one_is_read():
    # The host patterns are long alternations over every partition's DNS suffix; only interception
    # and dispatch read them, so importing ecrfake leaves them uncompiled.
    script = textwrap.dedent(
        """
        import json
        import ecrfake
        import ecrfake._aws as aws
        before = sorted(n for n in aws._LAZY_PATTERNS if n in vars(aws))
        matched = bool(aws.REGISTRY_URL_RE.match("https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/"))
        print(json.dumps([before, matched, "REGISTRY_URL_RE" in vars(aws)]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[], True, True]


def test_an_unknown_name_of_the_aws_facts_module_is_an_attribute_error():
    import ecrfake._aws as aws

    with pytest.raises(AttributeError, match="NO_SUCH_PATTERN"):
        aws.NO_SUCH_PATTERN  # noqa: B018
