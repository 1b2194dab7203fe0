"""`python -m halllayout` runs the command line."""

import sys

from halllayout.cli import main

sys.exit(main())
