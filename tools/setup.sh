#!/usr/bin/env bash
# Installs what Task Force VR needs on a fresh Debian-like machine: system libraries for
# offscreen rendering and the browser used to check debrief reports (when run as root with
# apt-get), then the Python package with its desktop and development extras.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    libgl1 libegl1 libgl1-mesa-dri libglx-mesa0 chromium fonts-dejavu-core poppler-utils \
    xvfb xdotool imagemagick >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e ".[all]"
# Compile the package's bytecode now, as pip does for a regular install: an editable install
# otherwise compiles every module on each start wherever PYTHONDONTWRITEBYTECODE is set.
python3 -m compileall -q engine grading >/dev/null
