"""Handlers: one module per operation family; importing them fills ``_dispatch.OPERATIONS``."""

from ecrfake.handlers import pull_through, repositories, scanning

__all__ = ["pull_through", "repositories", "scanning"]
