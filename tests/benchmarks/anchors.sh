#!/usr/bin/env bash
# What `make bench` measures against (issue 22): LibreOffice headless, the floor of the report PDF (the same
# appendix as an .xlsx converted to PDF, what a clerk without this program would do). Installed through the
# system's package manager when missing, as .ci/run does for Qt's libraries; the run stops here, loudly,
# when it cannot be installed or does not start, instead of printing a metric with no ratio.
set -euo pipefail
if ! command -v soffice >/dev/null 2>&1; then
  echo "make bench: LibreOffice (soffice) is missing; installing libreoffice-calc-nogui"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui
  else
    echo "make bench: no apt-get here; install LibreOffice (soffice on PATH) and run again" >&2
    exit 1
  fi
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
if ! timeout 120 soffice "-env:UserInstallation=file://$profile" --headless --version >/dev/null 2>&1; then
  echo "make bench: soffice is installed but does not start headless (soffice --headless --version failed)" >&2
  exit 1
fi
echo "make bench: anchors ready — $(soffice --headless --version 2>/dev/null | head -1)"
