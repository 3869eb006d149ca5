"""The pytest plugin (entry point ``pytest11``): the ``ecr_fake`` and ``ecr_fake_server`` fixtures.

Importing this module must stay cheap: every pytest run in an environment with ecrfake installed
loads it. It only defines the fixture; botocore, responses and the models load when a test asks for
the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ecrfake.fake import EcrFake
    from ecrfake.remote import RemoteFake

__all__ = ["ecr_fake", "ecr_fake_server"]


@pytest.fixture
def ecr_fake(request: pytest.FixtureRequest) -> Iterator[EcrFake]:
    """An active :class:`ecrfake.EcrFake` with empty state, stopped after the test.

    Annotate it as ``ecr_fake: EcrFake``. If the test leaves fakes of its own started (it crashed
    between ``start()`` and ``stop()``, say), they are stopped too, innermost first, so the next
    test starts clean. Fakes started before this fixture (by a wider-scoped fixture) are left alone;
    inside one of them this fixture's fake is nested and shares its state. A warning the stop gives
    (seeds that never applied) points at the test, not at this fixture.
    """
    import warnings

    from ecrfake.fake import active_fakes, mock_ecr_scanning

    depth = len(active_fakes())
    fake = mock_ecr_scanning().start()
    try:
        yield fake
    finally:
        with warnings.catch_warnings(record=True) as given:
            warnings.simplefilter("always")
            for leftover in reversed(active_fakes()[depth:]):
                leftover.stop()
        filename, lineno = _where(request)
        for warning in given:
            warnings.warn_explicit(warning.message, warning.category, filename, lineno)


def _where(request: pytest.FixtureRequest) -> tuple[str, int]:
    """The test's file and the line of its ``def`` (where a user looks for what went wrong)."""
    function = getattr(request, "function", None)
    code = getattr(function, "__code__", None)
    if code is not None:
        return code.co_filename, code.co_firstlineno
    return str(request.node.path), 1


@pytest.fixture(scope="session")
def ecr_fake_server() -> Iterator[RemoteFake]:
    """An ``ecrfake serve`` for the whole test session, in this process on a free loopback port.

    Yields its :class:`ecrfake.remote.RemoteFake`: ``.url`` is the endpoint URL for any SDK or tool
    (``boto3.client("ecr", endpoint_url=ecr_fake_server.url)``, a subprocess's
    ``--endpoint-url``), and the handle resets and seeds it. State lasts for the session: call
    ``ecr_fake_server.reset()`` where a test needs a clean start. The server stops after the last
    test. Needs the ``server`` extra (``pip install 'ecrfake[server]'``).
    """
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        pytest.fail(
            "the ecr_fake_server fixture needs the server extra: pip install 'ecrfake[server]'",
            pytrace=False,
        )
    from ecrfake.remote import RemoteFake
    from ecrfake.server import Server

    with Server() as server:
        yield RemoteFake(server.url)
