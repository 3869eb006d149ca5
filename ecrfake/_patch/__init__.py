"""Interception: install and uninstall the seams that answer ECR from the fake.

The activation stack (``ecrfake.fake``) calls :func:`install` when its first fake starts and
:func:`uninstall` when its last one stops; it holds the :class:`Interception` in between. Nothing
here records whether a fake is active: each seam keeps only the original it replaced.

The seams, each in its own module:

* ``_botocore``: ``Endpoint._do_get_response`` (every botocore/boto3 client) and ``SigV4Auth``;
* ``_aio``: aiobotocore's ``AioEndpoint._do_get_response`` (aiobotocore and aioboto3 clients), the
  only module that touches aiobotocore;
* ``_requests``: a ``responses`` mock for ECR API calls made with ``requests``;
* ``_guard``: ``socket.getaddrinfo``/``create_connection`` refuse ECR hosts, so a client stack that
  none of the above answers fails loudly instead of reaching AWS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ecrfake._patch._hosts import is_ecr_host

if TYPE_CHECKING:
    from ecrfake.models.state import FakeState

__all__ = ["Interception", "install", "installed", "is_ecr_host", "uninstall"]


class _Undoable(Protocol):
    def undo(self) -> None: ...


class Interception:
    """The seams installed for one outermost activation, answering from ``state``."""

    __slots__ = ("_seams", "state")

    def __init__(self, state: FakeState, seams: list[_Undoable]) -> None:
        self.state = state
        self._seams = seams

    def __repr__(self) -> str:
        return f"<Interception of {len(self._seams)} seams>"


def install(state: FakeState) -> Interception:
    """Install every seam, answering from ``state``; all or nothing."""
    from ecrfake._patch import _aio, _botocore, _guard, _requests

    seams: list[_Undoable] = []
    try:
        seams.extend(_guard.install())
        seams.extend(_botocore.install(state))
        seams.extend(_aio.install(state))
        seams.append(_requests.RequestsSeam(state))
    except BaseException:
        _undo(seams)
        raise
    return Interception(state, seams)


def uninstall(interception: Interception) -> None:
    """Remove the seams of ``interception``, last installed first."""
    seams, interception._seams = interception._seams, []
    _undo(seams)


def _undo(seams: list[_Undoable]) -> None:
    error: BaseException | None = None
    for seam in reversed(seams):
        try:
            seam.undo()
        except BaseException as exc:  # undo the others anyway, then report the first failure
            error = error or exc
    if error is not None:
        raise error


def installed() -> bool:
    """Whether botocore's endpoint is answered by an enabled seam right now (read from botocore)."""
    import botocore.endpoint

    installed = vars(botocore.endpoint.Endpoint).get("_do_get_response")
    seam = getattr(installed, "_ecrfake_seam", None)  # duck-typed: see _seam.Seam.__init__
    return getattr(seam, "enabled", False) is True
