package io.berth.provisioning.openstack;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Chooses a flavor and a node count that cover a package's resources: one node must hold the largest single
 * worker (a notebook worker or a Spark worker), and all nodes together must hold every worker at once.
 * Nothing is reserved for the system on each node; operators who want head room choose flavors with it.
 */
final class Sizing {

    /** Parameter and setting names read here. */
    static final String WORKER_CORES = "resources.worker.cores";
    static final String WORKER_MEMORY = "resources.worker.memory";
    static final String SPARK_CORES = "resources.spark.worker.cores";
    static final String SPARK_MEMORY = "resources.spark.worker.memory";
    static final String CORES = "cores";
    static final String MEMORY = "memory";
    static final String NODES = "nodes";

    private static final Pattern CORES_TEXT = Pattern.compile("\\d{1,4}(\\.\\d{1,3})?");
    private static final Pattern WHOLE = Pattern.compile("\\d{1,9}");
    private static final long MAX_MEMORY_MIB = 64L * 1024 * 1024;

    private Sizing() {
    }

    /**
     * What the workers need: the largest single worker and the sum of all, in millicores and MiB.
     */
    record Demand(long largestMilliCores, long largestMemoryMiB, long totalMilliCores, long totalMemoryMiB) {
    }

    /** A flavor as Nova describes it. */
    record Flavor(String id, String name, int vcpus, int ramMiB) {
        Flavor {
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
        }
    }

    /** The chosen flavor and node count. */
    record Choice(Flavor flavor, int nodes) {
    }

    /**
     * The demand from the platform's {@code resources.*} parameters or, when there are none, from the task's
     * {@code cores}/{@code memory} settings; empty when neither says anything.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} for a malformed or absurd value
     */
    static Optional<Demand> demand(Map<String, String> parameters, Map<String, String> settings) {
        long workerCores = milliCores(parameters, WORKER_CORES);
        long workerMemory = mebibytes(parameters, WORKER_MEMORY);
        long sparkCores = milliCores(parameters, SPARK_CORES);
        long sparkMemory = mebibytes(parameters, SPARK_MEMORY);
        if (workerCores + workerMemory + sparkCores + sparkMemory == 0) {
            long cores = milliCores(settings, CORES);
            long memory = mebibytes(settings, MEMORY);
            if (cores + memory == 0) {
                return Optional.empty();
            }
            return Optional.of(new Demand(cores, memory, cores, memory));
        }
        return Optional.of(new Demand(Math.max(workerCores, sparkCores), Math.max(workerMemory, sparkMemory),
                workerCores + sparkCores, workerMemory + sparkMemory));
    }

    /**
     * The first flavor of {@code candidates} (in order of preference) that holds the largest worker, with as
     * many nodes as the total needs.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} when no candidate holds the largest
     *                           worker or the count would exceed {@code maxNodes}
     */
    static Choice choose(Demand demand, List<Flavor> candidates, int maxNodes) {
        for (Flavor flavor : candidates) {
            long cores = flavor.vcpus() * 1000L;
            if (cores < demand.largestMilliCores() || flavor.ramMiB() < demand.largestMemoryMiB()) {
                continue;
            }
            long nodes = Math.max(1, Math.max(divideUp(demand.totalMilliCores(), cores),
                    divideUp(demand.totalMemoryMiB(), flavor.ramMiB())));
            if (nodes > maxNodes) {
                throw new ProviderException(ErrorCode.INVALID_REQUEST, "the package needs " + nodes + " nodes of flavor "
                        + flavor.name() + ", more than max.nodes (" + maxNodes + ")");
            }
            return new Choice(flavor, (int) nodes);
        }
        throw new ProviderException(ErrorCode.INVALID_REQUEST, "no flavor of " + candidates.stream().map(Flavor::name)
                .toList() + " holds one worker of " + demand.largestMilliCores() + "m cores and "
                + demand.largestMemoryMiB() + " MiB");
    }

    /**
     * The {@code nodes} parameter (a user's override) or setting, when given.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} unless it is a whole number from 1 to
     *                           {@code maxNodes}
     */
    static Optional<Integer> nodes(Map<String, String> parameters, Map<String, String> settings, int maxNodes) {
        String text = parameters.containsKey(NODES) ? parameters.get(NODES) : settings.get(NODES);
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (!WHOLE.matcher(value).matches() || Integer.parseInt(value) < 1 || Integer.parseInt(value) > maxNodes) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "nodes must be a whole number from 1 to " + maxNodes
                    + ": '" + abbreviate(text) + "'");
        }
        return Optional.of(Integer.parseInt(value));
    }

    private static long milliCores(Map<String, String> values, String key) {
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return 0;
        }
        String value = text.strip();
        if (!CORES_TEXT.matcher(value).matches()) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, key + " must be a number of cores such as 2 or 0.5: '"
                    + abbreviate(text) + "'");
        }
        return new BigDecimal(value).movePointRight(3).setScale(0, RoundingMode.UP).longValueExact();
    }

    private static long mebibytes(Map<String, String> values, String key) {
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return 0;
        }
        String value = text.strip();
        if (!WHOLE.matcher(value).matches() || Long.parseLong(value) > MAX_MEMORY_MIB) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, key + " must be a whole number of MiB up to "
                    + MAX_MEMORY_MIB + ": '" + abbreviate(text) + "'");
        }
        return Long.parseLong(value);
    }

    private static long divideUp(long amount, long per) {
        return per <= 0 ? Long.MAX_VALUE : (amount + per - 1) / per;
    }

    static String abbreviate(String text) {
        String single = text.replaceAll("[\\p{Cntrl}]", "?");
        return single.length() <= 40 ? single : single.substring(0, 40) + "...";
    }
}
