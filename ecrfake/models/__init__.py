"""The in-memory backend: registries, repositories, images, scanning and pull-through rules.

:class:`ecrfake.models.registry.RegistryModel` is the aggregate root; handlers call it, and the
public test controls (:class:`ecrfake.registry.Registry`) wrap it.
"""
