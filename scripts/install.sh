#!/usr/bin/env bash
# Install requirement files into .venv (created if missing) for the Makefile: with uv when it is on PATH,
# else with uv bootstrapped into .venv from PyPI (requirements-uv.txt), else with pip.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
uv=$(command -v uv || true)

if [ ! -x .venv/bin/python ]; then
  if [ -n "$uv" ]; then
    "$uv" venv --quiet --python "$python" .venv
  else
    "$python" -m venv --without-pip .venv
  fi
fi
if [ -z "$uv" ] && { [ -x .venv/bin/uv ] || "$python" -m pip --python .venv/bin/python install --quiet \
    --disable-pip-version-check -r requirements-uv.txt; }; then
  uv=.venv/bin/uv
fi

requirements=()
for file in "$@"; do requirements+=(-r "$file"); done
if [ -n "$uv" ]; then
  "$uv" pip install --quiet --python .venv/bin/python "${requirements[@]}"
else
  echo "uv is not available: installing with pip (slower)."
  .venv/bin/python -m ensurepip --upgrade >/dev/null
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "${requirements[@]}"
fi
