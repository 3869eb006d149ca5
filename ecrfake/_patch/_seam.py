"""One replaced attribute: what every seam of interception is made of.

A :class:`Seam` saves the original, installs a wrapper and puts the original back on
:meth:`Seam.undo`. That pair is all the state interception keeps; whether a fake is active is the
activation stack's business (``ecrfake.fake``).

If something replaced the attribute after us (a ``monkeypatch`` in a test, another mock), undo
cannot put the original back without throwing the newcomer out. The wrapper then stays where it is,
disabled: it passes every call to the original. A later install finds such a disabled wrapper and
wraps what it wrapped, so wrappers never pile up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Seam"]

_MARK = "_ecrfake_seam"


class Seam:
    """``owner.name`` replaced by ``make(original, seam)`` until :meth:`undo`."""

    __slots__ = ("_own", "enabled", "name", "original", "owner", "wrapper")

    enabled: bool
    name: str
    original: Any
    owner: Any
    wrapper: Callable[..., Any]
    _own: bool

    def __init__(
        self, owner: Any, name: str, make: Callable[[Any, Seam], Callable[..., Any]]
    ) -> None:
        current = getattr(owner, name)
        # A wrapper left disabled by an earlier seam: wrap what it wrapped.
        # Duck-typed, not isinstance: pytester's in-process runs drop and re-import modules, so a
        # wrapper may carry a Seam of an earlier copy of this module.
        previous = getattr(current, _MARK, None)
        while previous is not None and getattr(previous, "enabled", True) is False:
            current = previous.original
            previous = getattr(current, _MARK, None)
        self.owner = owner
        self.name = name
        self.original: Any = current
        self.enabled = True
        self._own = isinstance(owner, type) and name in vars(owner)
        wrapper = make(current, self)
        setattr(wrapper, _MARK, self)
        self.wrapper = wrapper
        setattr(owner, name, wrapper)

    def undo(self) -> None:
        """Disable the wrapper and, if it is still the installed one, put the original back."""
        self.enabled = False
        if getattr(self.owner, self.name) is self.wrapper:
            if isinstance(self.owner, type) and not self._own:
                delattr(self.owner, self.name)  # it was inherited: inherit it again
            else:
                setattr(self.owner, self.name, self.original)

    def __repr__(self) -> str:
        owner = getattr(self.owner, "__qualname__", None) or getattr(self.owner, "__name__", "?")
        state = "enabled" if self.enabled else "disabled"
        return f"<Seam {owner}.{self.name} {state}>"
