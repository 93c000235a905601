"""``python -m geomap.cli``: the same as ``geomap``."""

import sys

from . import main

sys.exit(main())
