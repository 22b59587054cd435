"""The release's files (issue 21): the Windows workflow builds with the same recipe as `make installer`, the icon
files have the sizes Windows and Linux desktops use, and `make run`'s library check names what Qt needs."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
ICONS = ROOT / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]

sys.path.insert(0, str(ROOT / "installer"))
import check_linux_libs  # noqa: E402 - a script of installer/, not a package


def _makefile_target(name: str) -> str:
    """The recipe lines of one Makefile target (up to the next blank line)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{name}:.*\n((?:\t.*\n|  .*\n)+)", text, re.MULTILINE)
    assert match, f"no {name} target in the Makefile"
    return match.group(1)


def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _run_text(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"]).replace("\\", "/")


def test_the_windows_workflow_uses_the_spec_and_script_of_make_installer() -> None:
    recipe = _makefile_target("installer")
    spec = re.search(r"PyInstaller (\S+\.spec)", recipe)
    nsi = re.search(r"(\S+\.nsi)", recipe)
    assert spec and nsi
    defines = sorted(set(re.findall(r"-D([A-Z]+)=", recipe)))
    assert defines == ["BUNDLE", "OUTDIR", "VERSION"]

    flow = _workflow()
    assert set(flow.get("on", flow.get(True)) or {}) >= {"push", "workflow_dispatch"}  # YAML 1.1 reads on: as True
    [job] = flow["jobs"].values()
    assert job["runs-on"] == "windows-latest"
    uses = [step.get("uses", "") for step in job["steps"]]
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert str(python["with"]["python-version"]) == "3.11"
    run = _run_text(job)
    assert f"PyInstaller {spec.group(1)} " in run and nsi.group(1) in run
    # The same options as the Makefile: PyInstaller's folders, and every define makensis is given there.
    assert re.search(r"PyInstaller \S+ (.*)", recipe).group(1) in run  # type: ignore[union-attr]
    assert sorted(set(re.findall(r"-D([A-Z]+)=", run))) == defines
    assert ".[build]" in run and "choco install nsis" in run
    assert run.count("--self-test") >= 4  # both programs, bundled and installed
    assert '"/S"' in run and "/D=" in run  # silent install into a folder of the runner
    artifact = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert artifact["with"]["path"].endswith("-CaiDat.exe") and "actions/checkout@v4" in uses


def _ico_sizes(path: Path) -> list[int]:
    data = path.read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1), "not an .ico file"
    sizes = []
    for i in range(count):
        width, height = data[6 + 16 * i], data[7 + 16 * i]
        assert width == height
        sizes.append(width or 256)  # 0 means 256
    return sorted(sizes)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_icon_files_have_the_sizes_windows_and_linux_use() -> None:
    assert _ico_sizes(ICONS / "so-thi-dua.ico") == ICO_SIZES
    assert _png_size(ICONS / "so-thi-dua-256.png") == (256, 256)
    assert _png_size(ICONS / "so-thi-dua-48.png") == (48, 48)


def test_the_icon_is_wired_into_the_spec_the_installer_and_the_window() -> None:
    spec = (ROOT / "installer" / "thidua.spec").read_text(encoding="utf-8")
    assert 'ICON = str(ROOT / "resources" / "icons" / "so-thi-dua.ico")' in spec and spec.count("icon=ICON") == 2
    nsi = (ROOT / "installer" / "SoThiDua.nsi").read_text(encoding="utf-8")
    for line in ("!define MUI_ICON", "!define MUI_UNICON"):
        [value] = re.findall(rf'^{line} "(.+)"$', nsi, re.MULTILINE)
        assert (ROOT / "installer" / value.replace("\\", "/")).resolve() == (ICONS / "so-thi-dua.ico").resolve()
    assert re.search(r'DefaultIcon" "" "\$INSTDIR\\so-thi-dua\.ico"', nsi)
    # Per user, no administrator: the brief of installer/README.md.
    assert "RequestExecutionLevel user" in nsi and 'InstallDir "$LOCALAPPDATA\\Programs\\SoThiDua"' in nsi


def test_the_window_shows_the_icon(qtbot: Any, demo_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.app import run

    _app, window = run(str(demo_path))
    assert window is not None
    qtbot.addWidget(window)
    try:
        icon = QApplication.instance().windowIcon()  # type: ignore[union-attr]
        assert not icon.isNull() and 48 in [s.width() for s in icon.availableSizes()]
    finally:
        window.shutdown()
        window.ctx.reader.close()


def test_the_library_check_names_the_missing_packages_and_the_apt_line() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libglib-2.0.so.0"}
    gone = check_linux_libs.missing(load=lambda soname: soname not in absent)
    assert sorted(gone) == sorted(absent)
    names = check_linux_libs.packages(gone, known=lambda package: package == "libglib2.0-0")  # Debian 12
    text = check_linux_libs.message(gone, names)
    assert "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1 libglib2.0-0\n" in text
    assert check_linux_libs.packages(["libglib-2.0.so.0"], known=lambda _p: True) == ["libglib2.0-0t64"]
    assert "check_linux_libs.py" in _makefile_target("run").split("-m desktop")[0]  # before Qt starts


def _needed(path: Path) -> set[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"NEEDED\s+(\S+)", out))


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("objdump") is None,
                    reason="reads the Linux wheel's ELF files with objdump")
def test_the_library_check_covers_what_the_qt_xcb_plugin_links() -> None:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    needed = _needed(qt / "plugins" / "platforms" / "libqxcb.so") | _needed(qt / "lib" / "libQt6XcbQpa.so.6")
    system = {n for n in needed if not n.startswith(("libQt6", "libc.", "libm.", "libstdc++", "libgcc_s", "ld-linux",
                                                      "libpthread", "libdl.", "libz.", "libgthread"))}
    assert system - set(check_linux_libs.LIBRARIES) == set()
