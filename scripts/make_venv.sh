#!/usr/bin/env bash
# Create (or update) a virtual environment with an exact Python minor version.
# Usage: scripts/make_venv.sh DIR MINOR CONSTRAINTS REQUIREMENTS...
# Python is looked up as pythonMINOR on PATH, then through pyenv; if absent we say what to install.
set -euo pipefail
dir=$1 minor=$2 constraints=$3
shift 3

find_python() {
  local candidate
  if candidate=$(command -v "python$minor" 2>/dev/null) && "$candidate" -c 'import sys' 2>/dev/null; then
    echo "$candidate"; return
  fi
  if command -v pyenv >/dev/null 2>&1; then
    local version
    version=$(pyenv versions --bare 2>/dev/null | grep -E "^${minor//./\\.}\.[0-9]+$" | sort -V | tail -n 1 || true)
    if [ -n "$version" ]; then
      echo "$(pyenv root)/versions/$version/bin/python$minor"; return
    fi
  fi
  return 1
}

if ! python=$(find_python); then
  echo "Python $minor is required for $dir but was not found." >&2
  echo "Install it (Debian: apt-get install python$minor python$minor-venv; or: pyenv install $minor) and run make again." >&2
  exit 1
fi

if [ ! -x "$dir/bin/python" ]; then
  echo "Creating $dir with $python"
  "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --upgrade pip
fi
reqs=()
for r in "$@"; do reqs+=(-r "$r"); done
echo "Installing ${*} into $dir (pinned by $constraints)"
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check -c "$constraints" "${reqs[@]}"
"$dir/bin/python" -m pip check
