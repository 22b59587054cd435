"""PyInstaller entry of SoThiDua(.exe), the windowed program: the GUI (a double-clicked .thidua file arrives
as its argument; `--self-test` checks the bundle)."""

import sys

from desktop.app import main

sys.exit(main())
