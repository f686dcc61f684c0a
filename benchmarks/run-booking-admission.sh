#!/bin/sh
# Booking admission through the server on PostgreSQL against pgbench on the same database, in one run.
# Starts the server jar on a fresh database, lets N clients book small packages for random hours in random pools
# for S seconds (AdmissionLoad: decisions per second, then an invariant check that no pool-hour is over capacity),
# stops the server, then runs pgbench's TPC-B-like transaction with the same number of clients for as long.
# Usage: benchmarks/run-booking-admission.sh [clients=32] [seconds=20] [pools=16]
# PostgreSQL: PGHOST (127.0.0.1) and PGUSER (postgres) with trust authentication, or BERTH_DB_PASSWORD.
set -e
cd "$(dirname "$0")/.."
clients=${1:-32}
seconds=${2:-20}
pools=${3:-16}
host=${PGHOST:-127.0.0.1}
user=${PGUSER:-postgres}
db=berth_admission_bench
port=18181

mvn -q -DskipTests install -pl reference-server,benchmarks -am
mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
psql -h "$host" -U "$user" -d postgres -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
data=$(mktemp -d)
url="jdbc:postgresql://$host:5432/$db"

BERTH_PORT=$port BERTH_DATA_DIR="$data" BERTH_DB_URL="$url" BERTH_DB_USER="$user" BERTH_DEMO_CATALOG=false \
BERTH_DB_POOL_SIZE=20 \
BERTH_BOOKING_POLICY_2="max-ahead=400d,max-concurrent=100000000,extension-window=1d,small=30d" \
    java -jar reference-server/target/berth-server.jar > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for i in $(seq 1 120); do
    curl -sf "http://localhost:$port/health/ready" > /dev/null 2>&1 && break
    sleep 0.5
done

java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)" \
    io.berth.benchmarks.booking.AdmissionLoad "http://localhost:$port" "$data/admin-key" "$url" "$user" \
    "$clients" "$seconds" "$pools" | tee "$data/berth.txt"
kill $server
wait $server 2>/dev/null || true

pgbench -h "$host" -U "$user" -i -s 1 -q "$db" > /dev/null 2>&1
pgbench -h "$host" -U "$user" -c "$clients" -j 2 -T "$seconds" "$db" 2>/dev/null | tee "$data/pgbench.txt"

berth=$(sed -n 's/^berth-tps //p' "$data/berth.txt")
pg=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$data/pgbench.txt" | head -1)
echo
echo "berth admissions/s $berth, pgbench tps $pg: ratio $(echo "$berth $pg" | awk '{ printf "%.2f", $1 / $2 }')"
