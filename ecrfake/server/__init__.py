"""ecrfake as an HTTP server (``ecrfake serve``; the ``server`` extra).

:class:`Server` runs one fake state behind an HTTP listener; :mod:`ecrfake.server.app` answers
requests through the same dispatcher as the in-process fake; :mod:`ecrfake.server.control` is the
control API under ``/_ecrfake/v1/``. Importing this package loads no HTTP server: uvicorn is
imported when a server starts.
"""

from ecrfake.server.runner import Server

__all__ = ["Server"]
