#!/usr/bin/env bash
# Browser tests drive Debian's chromium package (Playwright cannot download browsers here).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "[chromium] installing Debian's chromium package" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
command -v chromium
