package io.berth.core.environment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a notebook's software environment holds, as typed, checked values: the Python version and packages,
 * the Java version and packages, Debian system packages and prebuilt binary packages. It is built from a
 * JSON document that passed the published schema, and checks the same rules again itself, so that nothing
 * but these fields, in these shapes, ever reaches a provider: {@link #parameters()} is all a provider sees.
 *
 * <p>The shapes leave out every character a shell, a YAML file or a Kubernetes manifest gives a meaning
 * to (spaces, quotes, {@code $}, {@code `}, {@code &}, {@code *}, {@code |}, {@code ;}, {@code #},
 * {@code :} outside Maven coordinates, line breaks), and the counts are bounded so that every joined
 * parameter fits the 4096 characters of a parameter value.
 *
 * @param name           {@code [a-z]([a-z0-9-]{0,62}[a-z0-9])?}
 * @param description    up to {@value #MAX_DESCRIPTION} characters without control characters; null means empty
 * @param python         the Python runtime
 * @param java           the Java runtime
 * @param systemPackages Debian package names, at most {@value #MAX_SYSTEM_PACKAGES}; null means none; copied
 * @param binaryPackages names of prebuilt binary packages from the operator's catalog (shared libraries and
 *                       the like), at most {@value #MAX_BINARY_PACKAGES}; null means none; copied
 * @throws InvalidEnvironmentException listing every field at fault, by its JSON Pointer
 */
public record EnvironmentSpec(String name, String description, Python python, Java java, List<String> systemPackages,
                              List<String> binaryPackages) {
    public static final int MAX_DESCRIPTION = 500;
    public static final int MAX_PYTHON_PACKAGES = 40;
    public static final int MAX_PYTHON_PACKAGE_LENGTH = 96;
    public static final int MAX_JAVA_PACKAGES = 20;
    public static final int MAX_JAVA_PACKAGE_LENGTH = 200;
    public static final int MAX_SYSTEM_PACKAGES = 60;
    public static final int MAX_SYSTEM_PACKAGE_LENGTH = 63;
    public static final int MAX_BINARY_PACKAGES = 30;
    public static final int MAX_BINARY_PACKAGE_LENGTH = 128;

    static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,62}[a-z0-9])?");
    static final Pattern DESCRIPTION = Pattern.compile("[^\\p{Cntrl}]*");
    static final Pattern PYTHON_VERSION = Pattern.compile("3\\.[0-9]{1,2}(\\.[0-9]{1,3})?");
    /** A PyPI project name, optionally with one version constraint: {@code numpy}, {@code torch==2.3.1+cpu}. */
    static final Pattern PYTHON_PACKAGE = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?((==|>=|<=|~=|!=)[0-9][A-Za-z0-9.+]{0,29})?");
    static final Pattern JAVA_VERSION = Pattern.compile("(8|1[1-9]|[2-9][0-9])");
    /** Maven coordinates {@code groupId:artifactId:version}. */
    static final Pattern JAVA_PACKAGE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_.-]{0,79}:[A-Za-z0-9][A-Za-z0-9_.-]{0,79}:[A-Za-z0-9][A-Za-z0-9_.+-]{0,37}");
    /** A Debian package name (policy 5.6.1): lower case, digits, '+', '-', '.', two characters at least. */
    static final Pattern SYSTEM_PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,62}");
    static final Pattern BINARY_PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private static final Map<String, String> RULES = Map.of(
            "/name", "1-64 lower-case letters, digits or '-', starting with a letter and not ending with '-'",
            "/description", "at most " + MAX_DESCRIPTION + " characters without line breaks or other control"
                    + " characters",
            "/python/version", "a Python 3 version such as 3.11",
            "/python/packages", "a PyPI name with at most one constraint (==, >=, <=, ~=, !=), e.g. numpy==1.26.4",
            "/java/version", "a Java feature release such as 17, as a string",
            "/java/packages", "Maven coordinates groupId:artifactId:version",
            "/systemPackages", "a Debian package name (lower-case letters, digits, '+', '-', '.')",
            "/binaryPackages", "a binary package name (letters, digits, '.', '_', '+', '-')");

    /**
     * What the value at a JSON Pointer of an environment document must look like, for messages: the rule of the
     * field, or of the list an element belongs to ({@code /python/packages/3} has the rule of
     * {@code /python/packages}).
     *
     * @return the rule, or empty when the pointer names no field with one
     */
    public static Optional<String> rule(String pointer) {
        if (pointer == null) {
            return Optional.empty();
        }
        String field = pointer.replaceFirst("/[0-9]+$", "");
        return Optional.ofNullable(RULES.get(field));
    }

    public EnvironmentSpec {
        List<EnvironmentViolation> violations = new ArrayList<>();
        if (name == null) {
            violations.add(new EnvironmentViolation("/name", "is required"));
        } else if (!NAME.matcher(name).matches()) {
            violations.add(new EnvironmentViolation("/name", "must be " + RULES.get("/name")));
        }
        description = description == null ? "" : description;
        if (description.length() > MAX_DESCRIPTION || !DESCRIPTION.matcher(description).matches()) {
            violations.add(new EnvironmentViolation("/description", "must be " + RULES.get("/description")));
        }
        if (python == null) {
            violations.add(new EnvironmentViolation("/python", "is required"));
        } else {
            check(python.version(), PYTHON_VERSION, "/python/version", violations);
            packages(python.packages(), "/python/packages", MAX_PYTHON_PACKAGES, MAX_PYTHON_PACKAGE_LENGTH,
                    PYTHON_PACKAGE, violations);
        }
        if (java == null) {
            violations.add(new EnvironmentViolation("/java", "is required"));
        } else {
            check(java.version(), JAVA_VERSION, "/java/version", violations);
            packages(java.packages(), "/java/packages", MAX_JAVA_PACKAGES, MAX_JAVA_PACKAGE_LENGTH, JAVA_PACKAGE,
                    violations);
        }
        systemPackages = systemPackages == null ? List.of() : systemPackages;
        packages(systemPackages, "/systemPackages", MAX_SYSTEM_PACKAGES, MAX_SYSTEM_PACKAGE_LENGTH, SYSTEM_PACKAGE,
                violations);
        binaryPackages = binaryPackages == null ? List.of() : binaryPackages;
        packages(binaryPackages, "/binaryPackages", MAX_BINARY_PACKAGES, MAX_BINARY_PACKAGE_LENGTH, BINARY_PACKAGE,
                violations);
        if (!violations.isEmpty()) {
            throw new InvalidEnvironmentException(violations);
        }
        systemPackages = List.copyOf(systemPackages);
        binaryPackages = List.copyOf(binaryPackages);
    }

    /**
     * The Python runtime.
     *
     * @param version  {@code 3.N} or {@code 3.N.M}
     * @param packages PyPI requirements, at most {@value #MAX_PYTHON_PACKAGES}; null means none; copied
     */
    public record Python(String version, List<String> packages) {
        public Python {
            packages = packages == null ? List.of() : nullFree(packages);
        }
    }

    /**
     * The Java runtime.
     *
     * @param version  a feature release: {@code 8}, {@code 11}, {@code 17}, {@code 21}, ...
     * @param packages Maven coordinates put on the class path (e.g. Spark packages), at most
     *                 {@value #MAX_JAVA_PACKAGES}; null means none; copied
     */
    public record Java(String version, List<String> packages) {
        public Java {
            packages = packages == null ? List.of() : nullFree(packages);
        }
    }

    /**
     * The parameters this environment gives a deployment, the contract with the providers:
     * {@code environment.name}, {@code environment.python.version}, {@code environment.python.packages},
     * {@code environment.java.version}, {@code environment.java.packages}, {@code environment.system.packages},
     * {@code environment.binary.packages}. Lists are joined with commas (no element contains one); an empty
     * list is an empty value.
     */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("environment.name", name);
        parameters.put("environment.python.version", python.version());
        parameters.put("environment.python.packages", String.join(",", python.packages()));
        parameters.put("environment.java.version", java.version());
        parameters.put("environment.java.packages", String.join(",", java.packages()));
        parameters.put("environment.system.packages", String.join(",", systemPackages));
        parameters.put("environment.binary.packages", String.join(",", binaryPackages));
        return parameters;
    }

    private static List<String> nullFree(List<String> values) {
        // a null element is reported by the outer check with its index, so it is kept here as it is
        return values.stream().anyMatch(Objects::isNull)
                ? Collections.unmodifiableList(new ArrayList<>(values))
                : List.copyOf(values);
    }

    private static void check(String value, Pattern pattern, String path, List<EnvironmentViolation> violations) {
        if (value == null) {
            violations.add(new EnvironmentViolation(path, "is required"));
        } else if (value.length() > 16 || !pattern.matcher(value).matches()) {
            violations.add(new EnvironmentViolation(path, "must be " + RULES.get(path)));
        }
    }

    private static void packages(List<String> values, String path, int maxCount, int maxLength, Pattern pattern,
                                 List<EnvironmentViolation> violations) {
        String rule = RULES.get(path);
        if (values.size() > maxCount) {
            violations.add(new EnvironmentViolation(path, "has " + values.size() + " entries; at most " + maxCount
                    + " are allowed"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String at = path + "/" + i;
            if (value == null) {
                violations.add(new EnvironmentViolation(at, "must be a string"));
            } else if (value.length() > maxLength || !pattern.matcher(value).matches()) {
                violations.add(new EnvironmentViolation(at, "must be " + rule + ", at most " + maxLength
                        + " characters"));
            } else if (!seen.add(value)) {
                violations.add(new EnvironmentViolation(at, "repeats '" + value + "'"));
            }
        }
    }
}
