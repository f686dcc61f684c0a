#!/bin/sh
# Builds what is needed and runs the availability grid benchmark (JMH): the index against a baseline that
# scans every reservation per column, 5 packages x 31 day / 744 hour columns, 1e5 and 1e6 reservations.
# Prints JMH's table, then the ratio baseline / index for each case. Iterations of 1 s: 2 warm-up and 3 measured
# for the baseline, 8 and 5 for the index (set in the class; -wi / -i given here override both).
# Usage: benchmarks/run-booking-grid.sh [extra JMH options, e.g. -p reservations=100000]
set -e
cd "$(dirname "$0")/.."
mvn -q -DskipTests -pl benchmarks -am package dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt
results=benchmarks/target/booking-grid.csv
java -cp "benchmarks/target/classes:$(cat benchmarks/target/jmh-classpath.txt)" org.openjdk.jmh.Main \
    'io\.berth\.benchmarks\.booking\.AvailabilityGridBenchmark' \
    -f 1 -tu ms -bm avgt -rf csv -rff "$results" "$@"
echo
echo "ratio baseline / index (ms per grid):"
# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: reservations"
awk -F, 'NR > 1 {
    gsub(/"/, "");
    n = split($1, part, "."); name = part[n]; reservations = $8; score = $5;
    kind = name; sub(/^(index|baseline)/, "", kind);
    if (name ~ /^index/) index_ms[kind "," reservations] = score; else base_ms[kind "," reservations] = score;
}
END {
    for (key in index_ms) {
        if (key in base_ms) {
            split(key, k, ",");
            printf "  %-5s %8d reservations: baseline %12.3f ms, index %10.4f ms, ratio %10.0f x\n", k[1], k[2], base_ms[key], index_ms[key], base_ms[key] / index_ms[key];
        }
    }
}' "$results" | sort
