"""Handlers: one module per operation family; importing them fills ``_dispatch.OPERATIONS``."""

from ecrfake.handlers import pull_through, repositories, scanning, scanning_config

__all__ = ["pull_through", "repositories", "scanning", "scanning_config"]
