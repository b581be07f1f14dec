#!/usr/bin/env bash
# Installs the tools the test suite runs beside .NET that are missing, with apt-get, as root or through passwordless sudo;
# anything else fails with what to install by hand. The test project's build runs it before every build, so when all is
# present it only looks (one command -v per tool) and prints nothing.
#   usage: install-missing-test-tools.sh TOOL...   (node, npm, redis-server, chromium)
set -euo pipefail

# tool on PATH -> the Debian package that brings it
declare -A packages_of=(
  [node]="nodejs"
  [npm]="npm"
  [redis-server]="redis-server"
  [chromium]="chromium"
)

missing=()
for tool in "$@"; do
  [ -n "${packages_of[$tool]:-}" ] || { echo "install-missing-test-tools : error : no package known for '$tool'." >&2; exit 2; }
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
((${#missing[@]})) || exit 0

fail() {
  # MSBuild's canonical error format, so that the build shows this line as its error.
  echo "install-missing-test-tools : error : $*" >&2
  exit 1
}

wanted=()
for tool in "${missing[@]}"; do wanted+=("${packages_of[$tool]}"); done

command -v apt-get >/dev/null 2>&1 ||
  fail "the tests need ${missing[*]}, and without apt-get they cannot be installed here: install them (packages ${wanted[*]} on Debian) and build again."

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  fail "the tests need ${missing[*]}; installing them needs root or passwordless sudo: run 'sudo apt-get install ${wanted[*]}' and build again."
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"${as_root[@]}" apt-get update -qq </dev/null >"$log" 2>&1 || { cat "$log" >&2; fail "apt-get update failed (above)."; }
for tool in "${missing[@]}"; do
  # One package may bring the next tool (a nodejs from NodeSource carries npm, and conflicts with Debian's npm).
  command -v "$tool" >/dev/null 2>&1 && continue
  package=${packages_of[$tool]}
  echo "install-missing-test-tools: installing $package (apt-get) for $tool"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" </dev/null >"$log" 2>&1 ||
    { cat "$log" >&2; fail "apt-get install $package failed (above)."; }
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is still missing after installing $package."
done
