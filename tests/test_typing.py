"""What a user's ``mypy --strict`` sees of the decorator: each form keeps its exact type.

Runs mypy (the ``dev`` extra; CI installs it) on a small user module, so a regression such as
``@mock_ecr_scanning(region=...)`` on an ``async def`` turning into ``Callable[..., Awaitable]``
(which ``asyncio.run()`` refuses) fails here.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

USER_MODULE = textwrap.dedent(
    """
    import asyncio
    import unittest

    from ecrfake import EcrFake, Registry, mock_ecr_scanning


    @mock_ecr_scanning(account_id="111122223333", region="eu-west-1")
    async def called(n: int) -> str:
        return str(n)


    @mock_ecr_scanning
    async def bare(n: int) -> str:
        return str(n)


    @mock_ecr_scanning
    def plain(n: int) -> str:
        return str(n)


    @mock_ecr_scanning
    class Case(unittest.TestCase):
        ecr_fake: EcrFake  # the handle the decorator sets, typed for the checker

        def test_it(self) -> None:
            registry: Registry = self.ecr_fake.registry()
            assert registry.account_id


    @mock_ecr_scanning(region="eu-west-1")
    class CalledCase(unittest.IsolatedAsyncioTestCase):
        async def test_it(self) -> None:
            pass


    async def blocks() -> EcrFake:
        async with mock_ecr_scanning() as fake:
            return fake


    r1: str = asyncio.run(called(1))
    r2: str = asyncio.run(bare(2))
    r3: str = plain(3)
    c1: type[Case] = Case
    c2: type[CalledCase] = CalledCase
    f1: EcrFake = asyncio.run(blocks())
    with mock_ecr_scanning() as fake:
        f2: EcrFake = fake
    """
)


def _mypy(tmp_path: Path, source: str) -> tuple[str, int]:
    path = tmp_path / "user_tests.py"
    path.write_text(source)
    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", "--no-error-summary", str(path)]
    )
    return out + err, status


def test_mock_ecr_scanning_every_decorator_form_keeps_its_type_under_mypy_strict(tmp_path):
    output, status = _mypy(tmp_path, USER_MODULE)
    assert status == 0, output


def test_mock_ecr_scanning_async_result_type_is_checked_not_any(tmp_path):
    # The same module with a wrong annotation must fail: the types above are real, not Any.
    output, status = _mypy(tmp_path, USER_MODULE + "\nwrong: int = asyncio.run(called(1))\n")
    assert status == 1
    assert (
        'Incompatible types in assignment (expression has type "str", variable has type "int")'
        in output
    )
