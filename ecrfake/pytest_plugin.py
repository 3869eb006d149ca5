"""The pytest plugin (entry point ``pytest11``): the ``ecr_fake`` fixture.

Importing this module must stay cheap: every pytest run in an environment with ecrfake installed
loads it. It only defines the fixture; the fake is imported when a test asks for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ecrfake.fake import EcrFake


@pytest.fixture
def ecr_fake() -> Iterator[EcrFake]:
    """An active :class:`ecrfake.EcrFake` with empty state, stopped after the test."""
    from ecrfake.fake import mock_ecr_scanning

    fake = mock_ecr_scanning()
    fake.start()
    try:
        yield fake
    finally:
        if fake.active:
            fake.stop()
