#!/usr/bin/env bash
# Debian packages the tests and the curriculum need:
#   chromium               the browser tests;
#   postgresql             the LRS tests start a real server from its binaries (tests/lrs/postgres.py);
#   hunspell, hunspell-fr  French spelling for the curriculum.
# Installed with apt-get when we are root (CI, a fresh machine); otherwise we say what to run.
set -euo pipefail
packages=(chromium postgresql hunspell hunspell-fr)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Please install these Debian packages (as root): apt-get install ${missing[*]}" >&2
  exit 1
fi
