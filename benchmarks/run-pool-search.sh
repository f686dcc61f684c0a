#!/bin/sh
# "Which of 1000 hosts are free for a 7-day window?" through the store (PoolSearch).
# Usage: benchmarks/run-pool-search.sh [h2 | jdbc-url] [hosts=1000] [bookings per host=10]
# For PostgreSQL, give a URL of an empty database; BERTH_DB_USER (postgres) and BERTH_DB_PASSWORD as needed.
set -e
cd "$(dirname "$0")/.."
mvn -q -DskipTests install -pl benchmarks -am
mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)" \
    io.berth.benchmarks.booking.PoolSearch "${1:-h2}" "${2:-1000}" "${3:-10}" 2>&1 | grep -E '^(setup|which)'
