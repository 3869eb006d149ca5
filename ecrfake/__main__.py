"""``python -m ecrfake serve``: the same command line as the ``ecrfake`` console script."""

from ecrfake.server.cli import main

raise SystemExit(main())
