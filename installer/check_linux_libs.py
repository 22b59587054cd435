"""Before `make run` starts Qt on Linux: are the system libraries of Qt's X11 platform plugin there?

A fresh Debian machine has Python but not every X11 library the PySide6 wheel's xcb plugin links to; Qt then
aborts with "could not load the Qt platform plugin xcb" and a list of plugins, which says nothing about what to
install. This script tries to load each library by its soname (as the dynamic loader will) and, when some are
missing, names the Debian/Ubuntu packages and the exact apt-get line, and exits 1 before Qt starts.

The list is the NEEDED entries of PySide6's plugins/platforms/libqxcb.so, libQt6XcbQpa.so.6 and libQt6Gui.so.6
(read with `objdump -p`, PySide6 6.x), checked against Qt's "Qt for X11 Requirements" page (doc.qt.io, Qt 6:
xcb-cursor from 6.5, xcb-icccm, xcb-keysyms, xcb-image, xcb-render-util, xcb-shape, xcb-randr, xkbcommon-x11 …)
and what .ci/run installs (libegl1, libgl1, libxkbcommon0, libfontconfig1, libdbus-1-3, libglib2.0-0). Qt 6 no
longer links libxcb-xinerama. tests/test_release_files.py checks the list still covers the wheel's plugin.

    python3 installer/check_linux_libs.py      # exit 0: all there (or not Linux, or QT_QPA_PLATFORM=offscreen)
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable

# soname → Debian packages that ship it, the current name first (Debian 13 / Ubuntu 24.04 renamed some "t64").
LIBRARIES: dict[str, tuple[str, ...]] = {
    "libxcb.so.1": ("libxcb1",),
    "libX11.so.6": ("libx11-6",),
    "libX11-xcb.so.1": ("libx11-xcb1",),
    "libxcb-cursor.so.0": ("libxcb-cursor0",),
    "libxcb-icccm.so.4": ("libxcb-icccm4",),
    "libxcb-image.so.0": ("libxcb-image0",),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1",),
    "libxcb-randr.so.0": ("libxcb-randr0",),
    "libxcb-render.so.0": ("libxcb-render0",),
    "libxcb-render-util.so.0": ("libxcb-render-util0",),
    "libxcb-shape.so.0": ("libxcb-shape0",),
    "libxcb-shm.so.0": ("libxcb-shm0",),
    "libxcb-sync.so.1": ("libxcb-sync1",),
    "libxcb-util.so.1": ("libxcb-util1",),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0",),
    "libxcb-xkb.so.1": ("libxcb-xkb1",),
    "libxkbcommon.so.0": ("libxkbcommon0",),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0",),
    "libEGL.so.1": ("libegl1",),
    "libGL.so.1": ("libgl1",),
    "libfontconfig.so.1": ("libfontconfig1",),
    "libfreetype.so.6": ("libfreetype6",),
    "libglib-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libdbus-1.so.3": ("libdbus-1-3",),
}
HEADLESS = ("offscreen", "minimal", "vnc")


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing(load: Callable[[str], bool] = _loads) -> list[str]:
    """The sonames the dynamic loader cannot find."""
    return [soname for soname in LIBRARIES if not load(soname)]


def _known_to_apt(package: str) -> bool:
    if not shutil.which("apt-cache"):
        return False
    done = subprocess.run(["apt-cache", "show", "--no-all-versions", package], capture_output=True, check=False)
    return done.returncode == 0 and bool(done.stdout.strip())


def packages(sonames: list[str], known: Callable[[str], bool] = _known_to_apt) -> list[str]:
    """One package per missing library: the first name this machine's apt knows (else the first)."""
    out: list[str] = []
    for soname in sonames:
        names = LIBRARIES[soname]
        chosen = next((n for n in names if len(names) == 1 or known(n)), names[-1])
        if chosen not in out:
            out.append(chosen)
    return out


def message(sonames: list[str], names: list[str]) -> str:
    return ("Thiếu thư viện hệ thống mà Qt cần để mở cửa sổ / missing system libraries Qt needs:\n"
            + "".join(f"  {s}\n" for s in sonames)
            + "Cài bằng lệnh / install them with:\n"
            + f"  sudo apt-get install -y {' '.join(names)}\n"
            + "rồi chạy lại / then run again: make run")


def main() -> int:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM", "") in HEADLESS:
        return 0
    gone = missing()
    if not gone:
        return 0
    print(message(gone, packages(gone)), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
