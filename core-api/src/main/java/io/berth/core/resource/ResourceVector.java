package io.berth.core.resource;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An immutable amount of resources: one {@code long} per named dimension, in that dimension's base unit.
 *
 * <p>The three standard dimensions are {@link #CORES} (millicores), {@link #MEMORY} (MiB) and {@link #DISK}
 * (GiB). Any other name of the form {@code [a-z][a-z0-9-]{0,31}} is an extra dimension counted in whole units
 * (for example {@code gpu}). A dimension that is absent has the amount 0, and zero amounts are never stored,
 * so two vectors with the same non-zero amounts are {@link #equals equal}.
 *
 * <p>Vectors made from input ({@link #of(Map)}, {@link #of(long, long, long)}) are non-negative. Negative
 * amounts appear only as results of arithmetic ({@link #minus}, {@link #times} by a negative factor, or
 * {@link #signed}), where they mean a deficit, for example availability of an over-booked period.
 * Arithmetic that overflows a {@code long} fails with {@link ErrorCode#INVALID_RESOURCES} instead of
 * wrapping around.
 */
public final class ResourceVector {
    /** Processor cores, in millicores (1000 = one core). */
    public static final String CORES = "cores";
    /** Memory, in MiB. */
    public static final String MEMORY = "memory";
    /** Local disk, in GiB. */
    public static final String DISK = "disk";

    private static final Pattern DIMENSION = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final List<String> STANDARD = List.of(CORES, MEMORY, DISK);
    /** Standard dimensions first, in the order people read them, then extras alphabetically. */
    private static final Comparator<String> ORDER = Comparator
            .comparingInt((String name) -> STANDARD.contains(name) ? STANDARD.indexOf(name) : STANDARD.size())
            .thenComparing(Comparator.naturalOrder());
    private static final ResourceVector ZERO = new ResourceVector(new TreeMap<>(ORDER));

    private final Map<String, Long> amounts;

    private ResourceVector(TreeMap<String, Long> amounts) {
        this.amounts = Collections.unmodifiableMap(amounts);
    }

    /** The vector with no resources. */
    public static ResourceVector zero() {
        return ZERO;
    }

    /**
     * A vector from input.
     *
     * @param amounts dimension name to amount; zero amounts are dropped
     * @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} for a malformed dimension name, a
     *                        null or a negative amount
     */
    public static ResourceVector of(Map<String, Long> amounts) {
        requireNonNull(amounts, "amounts is null");
        TreeMap<String, Long> copy = new TreeMap<>(ORDER);
        amounts.forEach((name, amount) -> {
            checkDimension(name);
            if (amount == null || amount < 0) {
                throw new BerthException(ErrorCode.INVALID_RESOURCES,
                        "resource amounts must not be negative: " + name + "=" + amount);
            }
            if (amount != 0) {
                copy.put(name, amount);
            }
        });
        return copy.isEmpty() ? ZERO : new ResourceVector(copy);
    }

    /**
     * A vector of the standard dimensions.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} when an amount is negative
     */
    public static ResourceVector of(long milliCores, long memoryMiB, long diskGiB) {
        Map<String, Long> amounts = new LinkedHashMap<>();
        amounts.put(CORES, milliCores);
        amounts.put(MEMORY, memoryMiB);
        amounts.put(DISK, diskGiB);
        return of(amounts);
    }

    /**
     * A vector whose amounts may be negative. Meant for computed values such as availability, never for
     * input: use {@link #of(Map)} there.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} for a malformed dimension name
     */
    public static ResourceVector signed(Map<String, Long> amounts) {
        requireNonNull(amounts, "amounts is null");
        TreeMap<String, Long> copy = new TreeMap<>(ORDER);
        amounts.forEach((name, amount) -> {
            checkDimension(name);
            requireNonNull(amount, "amount is null");
            if (amount != 0) {
                copy.put(name, amount);
            }
        });
        return copy.isEmpty() ? ZERO : new ResourceVector(copy);
    }

    /** Whether {@code name} is a well-formed dimension name. */
    public static boolean isDimension(String name) {
        return name != null && DIMENSION.matcher(name).matches();
    }

    private static void checkDimension(String name) {
        if (!isDimension(name)) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES,
                    "a resource dimension is 1-32 lower-case letters, digits or '-', starting with a letter: '"
                            + name + "'");
        }
    }

    /** The amount of {@code dimension}; 0 when absent. */
    public long get(String dimension) {
        Long amount = amounts.get(dimension);
        return amount == null ? 0 : amount;
    }

    /** The dimensions with a non-zero amount, standard ones first. */
    public Set<String> dimensions() {
        return amounts.keySet();
    }

    /** The non-zero amounts, standard dimensions first; unmodifiable. */
    public Map<String, Long> amounts() {
        return amounts;
    }

    /** Whether every amount is 0. */
    public boolean isZero() {
        return amounts.isEmpty();
    }

    /** The sum of this and {@code other}, dimension by dimension. */
    public ResourceVector plus(ResourceVector other) {
        return combine(other, 1);
    }

    /** This minus {@code other}; amounts may become negative. */
    public ResourceVector minus(ResourceVector other) {
        return combine(other, -1);
    }

    /** This vector with every amount negated. */
    public ResourceVector negate() {
        return times(-1);
    }

    private ResourceVector combine(ResourceVector other, int sign) {
        requireNonNull(other, "other is null");
        if (other.isZero()) {
            return this;
        }
        TreeMap<String, Long> result = new TreeMap<>(ORDER);
        result.putAll(amounts);
        other.amounts.forEach((name, amount) -> {
            long sum = exact(() -> Math.addExact(result.getOrDefault(name, 0L), Math.multiplyExact(sign, amount)));
            if (sum == 0) {
                result.remove(name);
            } else {
                result.put(name, sum);
            }
        });
        return result.isEmpty() ? ZERO : new ResourceVector(result);
    }

    /** Every amount multiplied by {@code factor}. */
    public ResourceVector times(long factor) {
        if (factor == 0 || isZero()) {
            return ZERO;
        }
        if (factor == 1) {
            return this;
        }
        TreeMap<String, Long> result = new TreeMap<>(ORDER);
        amounts.forEach((name, amount) -> result.put(name, exact(() -> Math.multiplyExact(amount, factor))));
        return new ResourceVector(result);
    }

    private static long exact(LongSupplier operation) {
        try {
            return operation.getAsLong();
        } catch (ArithmeticException e) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "resource amounts overflow", e);
        }
    }

    /**
     * Whether this fits within {@code capacity}: every dimension of this (each non-zero amount) is at most
     * the capacity's amount of it. Dimensions this does not use do not matter, even where the capacity is
     * negative.
     */
    public boolean fitsWithin(ResourceVector capacity) {
        requireNonNull(capacity, "capacity is null");
        for (Map.Entry<String, Long> entry : amounts.entrySet()) {
            if (entry.getValue() > capacity.get(entry.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** Whether no amount is negative. */
    public boolean isNonNegative() {
        for (long amount : amounts.values()) {
            if (amount < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many copies of this fit in {@code capacity} (0 when the capacity is short in, or negative in, a
     * dimension this uses); {@link Long#MAX_VALUE} when this is zero.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} when this has a negative amount
     */
    public long timesFitting(ResourceVector capacity) {
        requireNonNull(capacity, "capacity is null");
        long fitting = Long.MAX_VALUE;
        for (Map.Entry<String, Long> entry : amounts.entrySet()) {
            long amount = entry.getValue();
            if (amount < 0) {
                throw new BerthException(ErrorCode.INVALID_RESOURCES, "cannot fit a negative amount: " + this);
            }
            long available = capacity.get(entry.getKey());
            fitting = Math.min(fitting, available <= 0 ? 0 : available / amount);
        }
        return fitting;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceVector that && amounts.equals(that.amounts);
    }

    @Override
    public int hashCode() {
        return amounts.hashCode();
    }

    /** For example {@code cores=2000m memory=4096Mi disk=20Gi gpu=1}; {@code 0} for the zero vector. */
    @Override
    public String toString() {
        if (isZero()) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        amounts.forEach((name, amount) -> {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(name).append('=').append(amount).append(unitSuffix(name));
        });
        return text.toString();
    }

    private static String unitSuffix(String dimension) {
        return switch (dimension) {
            case CORES -> "m";
            case MEMORY -> "Mi";
            case DISK -> "Gi";
            default -> "";
        };
    }
}
