package io.berth.core.error;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation used by the compact constructors of domain records; failures are USER errors. */
public final class Checks {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private Checks() {
    }

    public static BerthException invalid(String message) {
        return new BerthException(ErrorCode.INVALID_REQUEST, message);
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw invalid(field + " is required");
        }
        return value;
    }

    /** A lower-case slug of 1 to 64 characters: letters, digits, '.', '_', '-'. */
    public static String name(String value, String field) {
        required(value, field);
        if (!NAME.matcher(value).matches()) {
            throw invalid(field + " must be 1-64 lower-case letters, digits, '.', '_' or '-', starting and ending"
                    + " with a letter or digit: '" + shorten(value) + "'");
        }
        return value;
    }

    public static String text(String value, String field, int maxLength) {
        if (value == null) {
            return "";
        }
        if (value.length() > maxLength) {
            throw invalid(field + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    public static Duration positive(Duration value, String field, Duration max) {
        required(value, field);
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw invalid(field + " must be positive and at most " + max + ": " + value);
        }
        return value;
    }

    public static int range(int value, String field, int min, int max) {
        if (value < min || value > max) {
            throw invalid(field + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }

    /** Environment variable names as POSIX shells accept them. */
    public static Map<String, String> environment(Map<String, String> env, String field) {
        if (env == null) {
            return Map.of();
        }
        env.forEach((key, value) -> {
            if (key == null || !ENV_NAME.matcher(key).matches()) {
                throw invalid(field + " has an invalid variable name: '" + shorten(String.valueOf(key)) + "'");
            }
            checkValue(value, field, key);
        });
        return Map.copyOf(env);
    }

    /** Parameters of a deployment: names of letters, digits, '_', '.', '-'; values up to 4096 characters. */
    public static Map<String, String> parameters(Map<String, String> parameters, String field) {
        if (parameters == null) {
            return Map.of();
        }
        if (parameters.size() > 100) {
            throw invalid(field + " has more than 100 entries");
        }
        parameters.forEach((key, value) -> {
            if (key == null || !PARAMETER_NAME.matcher(key).matches()) {
                throw invalid(field + " has an invalid name: '" + shorten(String.valueOf(key)) + "'");
            }
            checkValue(value, field, key);
        });
        return Map.copyOf(parameters);
    }

    private static void checkValue(String value, String field, String key) {
        if (value == null) {
            throw invalid(field + "." + key + " has no value");
        }
        if (value.length() > 4096) {
            throw invalid(field + "." + key + " is longer than 4096 characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw invalid(field + "." + key + " contains a NUL character");
        }
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
