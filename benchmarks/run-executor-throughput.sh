#!/bin/sh
# Builds what is needed and runs the executor throughput load script.
# Usage: benchmarks/run-executor-throughput.sh [deployments=1000] [workers=4] [jdbc-url (default: H2 file)]
set -e
cd "$(dirname "$0")/.."
mvn -q -DskipTests install -pl benchmarks -am
mvn -q -pl benchmarks exec:java -Dexec.mainClass=io.berth.benchmarks.ExecutorThroughput -Dexec.args="$*"
