#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file with translatable strings is in po/POTFILES.in, and every
# file listed there exists: otherwise its strings never reach translators.
set -eu
cd "$1"
status=0
for file in $(grep -rl --include='*.c' '_("' src) $(grep -rl 'translatable="yes"' ui data); do
  if ! grep -qx "$file" po/POTFILES.in; then
    echo "$file has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done
for file in $(grep -v '^#' po/POTFILES.in); do
  if [ ! -f "$file" ]; then
    echo "po/POTFILES.in lists $file, which does not exist"
    status=1
  fi
done
exit $status
