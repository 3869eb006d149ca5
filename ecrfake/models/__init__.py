"""The in-memory backend: registries, repositories, images, scanning and pull-through rules."""

from ecrfake.models.registry import Registry as Registry

__all__ = ["Registry"]
