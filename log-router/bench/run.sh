#!/usr/bin/env bash
# Runs the log-router benchmark (not a test): builds the module's classes, then runs
# LogRouterBench.java with them on the classpath. Arguments: [lines per round] [tail rate lines/s].
#   log-router/bench/run.sh              # 1,000,000 lines; latency at 50,000 and 100,000 lines/s
#   log-router/bench/run.sh 2000000 20000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
JAVA_HOME=$("$root/bin/java-home")
export JAVA_HOME
"$root/mvnw" -f "$root/pom.xml" -B -q -pl log-router compile
exec "$JAVA_HOME/bin/java" -Xmx1g -cp "$root/log-router/target/classes" "$here/LogRouterBench.java" "$@"
