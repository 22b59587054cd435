"""`python -m desktop.cli …`, the same as the `thidua` command."""

import sys

from desktop.cli.app import main

sys.exit(main())
