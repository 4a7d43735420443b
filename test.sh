#!/usr/bin/env bash
# Runs the whole storebox test suite: installs what the tests need (Debian packages, when run as
# root), then builds every bundle, runs unit tests, OSGi integration tests and end-to-end tests
# against the exported jar, and finally walks a terminal's first sale with the shared contract check.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use.
PACKAGES=(python3 mosquitto chromium chromium-driver fonts-noto-cjk socat systemd)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
fi

status=0
mvn -B -ntp install -Dstorebox.resolve.failOnChanges=true "$@" || status=$?

if [ $status -eq 0 ] && [ -x ../shared/checks/contract-smoke ]; then
  ../shared/checks/contract-smoke || status=$?
fi

# One closing line over every JUnit report (unit, OSGi and end-to-end tests).
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = s = 0
for path in glob.glob("**/target/*-reports/TEST-*.xml", recursive=True):
    r = ET.parse(path).getroot()
    t += int(r.get("tests", 0)); s += int(r.get("skipped", 0))
    f += int(r.get("failures", 0)) + int(r.get("errors", 0))
print("tests: %d passed, %d failed, %d skipped" % (t - f - s, f, s))
PY
exit $status
