"""The pytest plugin (entry point ``pytest11``): the ``ecr_fake`` fixture.

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

__all__ = ["ecr_fake"]


@pytest.fixture
def ecr_fake() -> Iterator[EcrFake]:
    """An active :class:`ecrfake.EcrFake` with empty state, stopped after the test.

    Annotate it as ``ecr_fake: EcrFake``. If the test leaves fakes of its own started (it crashed
    between ``start()`` and ``stop()``, say), they are stopped too, innermost first, so the next
    test starts clean. Fakes started before this fixture (by a wider-scoped fixture) are left alone;
    inside one of them this fixture's fake is nested and shares its state.
    """
    from ecrfake.fake import active_fakes, mock_ecr_scanning

    depth = len(active_fakes())
    fake = mock_ecr_scanning().start()
    try:
        yield fake
    finally:
        for leftover in reversed(active_fakes()[depth:]):
            leftover.stop()
