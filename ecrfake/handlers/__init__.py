"""Handlers: one module per operation family (the file name is the family in docs/operations.md).

Each handler reads ``call.params`` (validated against the model), makes one model call and returns
the API dict. ``ecrfake._dispatch`` imports every handler module by name.
"""
