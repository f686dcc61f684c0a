package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The parts of a deployment's parameters that size its workloads, checked against strict patterns: the
 * resource package ({@code resources.*}), the worker counts, and the variables the notebook carries.
 *
 * @param workerMilliCores       cores of the notebook and of each batch worker, in millicores
 * @param workerMemoryMiB        memory of the notebook and of each batch worker
 * @param sparkWorkerMilliCores  cores of each Spark worker, in millicores
 * @param sparkWorkerMemoryMiB   memory of each Spark worker
 * @param diskGiB                local disk of the deployment (ephemeral storage, and the user volume's size)
 * @param workers                batch workers ({@code workers}, 0-100)
 * @param sparkWorkers           Spark workers ({@code spark.workers}, 0-100)
 * @param notebookVariables      the {@code resources.*}, {@code quota.*}, {@code retention.*},
 *                               {@code account.level} and {@code environment.name} parameters, by their own
 *                               dotted names, sorted
 */
record PackageParameters(long workerMilliCores, long workerMemoryMiB, long sparkWorkerMilliCores,
                         long sparkWorkerMemoryMiB, long diskGiB, int workers, int sparkWorkers,
                         Map<String, String> notebookVariables) {

    static final String WORKER_CORES = "resources.worker.cores";
    static final String WORKER_MEMORY = "resources.worker.memory";
    static final String SPARK_WORKER_CORES = "resources.spark.worker.cores";
    static final String SPARK_WORKER_MEMORY = "resources.spark.worker.memory";
    static final String DISK = "resources.disk";
    static final String WORKERS = "workers";
    static final String SPARK_WORKERS = "spark.workers";
    static final String ENVIRONMENT_NAME = "environment.name";
    static final String ACCOUNT_LEVEL = "account.level";

    /** Used when a parameter is absent: a modest package, enough for a notebook to start. */
    static final long DEFAULT_MILLICORES = 1000;
    static final long DEFAULT_MEMORY_MIB = 2048;
    static final long DEFAULT_DISK_GIB = 10;
    static final int MAX_WORKERS = 100;

    private static final Pattern CORES = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,3})?");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+){0,7}");
    private static final Pattern RETENTION = Pattern.compile("keep|[0-9]{1,6}");
    private static final Pattern SLUG = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{0,64}");

    PackageParameters {
        notebookVariables = Map.copyOf(requireNonNull(notebookVariables, "notebookVariables is null"));
    }

    /**
     * Reads the parameters, with the defaults above for absent ones.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} naming the parameter that is malformed
     */
    static PackageParameters of(Map<String, String> parameters) {
        requireNonNull(parameters, "parameters is null");
        Map<String, String> variables = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (name.startsWith("resources.") || name.startsWith("quota.") || name.startsWith("retention.")
                    || name.equals(ACCOUNT_LEVEL) || name.equals(ENVIRONMENT_NAME)) {
                if (!KEY.matcher(name).matches()) {
                    throw invalid("parameter name '" + KubernetesSettings.shorten(name)
                            + "' must be lower-case words separated by dots");
                }
                variables.put(name, checkVariable(name, value.strip()));
            }
        });
        return new PackageParameters(
                milliCores(parameters, WORKER_CORES), whole(parameters, WORKER_MEMORY, DEFAULT_MEMORY_MIB),
                milliCores(parameters, SPARK_WORKER_CORES), whole(parameters, SPARK_WORKER_MEMORY, DEFAULT_MEMORY_MIB),
                whole(parameters, DISK, DEFAULT_DISK_GIB),
                count(parameters, WORKERS), count(parameters, SPARK_WORKERS), variables);
    }

    /** Whether the deployment runs Spark: it asked for at least one Spark worker. */
    boolean runsSpark() {
        return sparkWorkers > 0;
    }

    private static String checkVariable(String name, String value) {
        Pattern pattern;
        if (name.equals(WORKER_CORES) || name.equals(SPARK_WORKER_CORES)) {
            pattern = CORES;
        } else if (name.equals(ENVIRONMENT_NAME) || name.equals("resources.package")) {
            pattern = SLUG;
        } else if (name.startsWith("retention.")) {
            pattern = RETENTION;
        } else if (name.startsWith("quota.") || name.equals(ACCOUNT_LEVEL) || name.equals(WORKER_MEMORY)
                || name.equals(SPARK_WORKER_MEMORY) || name.equals(DISK)) {
            pattern = WHOLE;
        } else {
            pattern = PLAIN;
        }
        if (!pattern.matcher(value).matches()) {
            throw invalid("parameter " + name + " is malformed: '" + KubernetesSettings.shorten(value) + "'");
        }
        return value;
    }

    private static long milliCores(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            return DEFAULT_MILLICORES;
        }
        String stripped = value.strip();
        if (!CORES.matcher(stripped).matches()) {
            throw invalid("parameter " + name + " must be a number of cores such as 2 or 0.5: '"
                    + KubernetesSettings.shorten(value) + "'");
        }
        long milli = new BigDecimal(stripped).movePointRight(3).longValueExact();
        if (milli <= 0) {
            throw invalid("parameter " + name + " must be more than 0 cores");
        }
        return milli;
    }

    private static long whole(Map<String, String> parameters, String name, long fallback) {
        String value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        String stripped = value.strip();
        if (!WHOLE.matcher(stripped).matches() || Long.parseLong(stripped) == 0) {
            throw invalid("parameter " + name + " must be a positive whole number: '"
                    + KubernetesSettings.shorten(value) + "'");
        }
        return Long.parseLong(stripped);
    }

    private static int count(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            return 0;
        }
        String stripped = value.strip();
        if (!stripped.matches("[0-9]{1,3}") || Integer.parseInt(stripped) > MAX_WORKERS) {
            throw invalid("parameter " + name + " must be a whole number from 0 to " + MAX_WORKERS + ": '"
                    + KubernetesSettings.shorten(value) + "'");
        }
        return Integer.parseInt(stripped);
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ErrorCode.INVALID_REQUEST, message);
    }
}
