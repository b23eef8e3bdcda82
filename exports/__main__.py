"""``python -m exports``: see :mod:`exports.cli`."""

import sys

from exports.cli import main

if __name__ == "__main__":
    sys.exit(main())
