#!/usr/bin/env bash
# Builds storebox and starts it on its embedded defaults: H2 in ./data, HTTP on 8080, demo catalog.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp -q install -DskipTests
export STOREBOX_DEMO="${STOREBOX_DEMO:-true}"
# JVM options and the class-data archive the build trained for this jar: README, "Start-up".
exec java @distribution/jvm.options -XX:SharedArchiveFile=distribution/target/storebox.jsa \
  -jar distribution/target/storebox.jar
