package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What a deployment's environment parameters ({@code environment.*}) turn into: a catalog image, and the
 * packages it lacks, which the image's entry point installs when the container starts. Nothing of the user's
 * text reaches Kubernetes unchecked: every version and package name must match a strict pattern, so that no
 * shell, YAML or pod field can be smuggled in.
 *
 * @param image           the chosen catalog image
 * @param pythonPackages  pip requirements the image lacks, e.g. {@code pandas==2.2.1}
 * @param javaPackages    every requested Maven coordinate (Spark's {@code spark.jars.packages} takes them all)
 * @param missingJava     the Maven coordinates the image lacks
 * @param systemPackages  Debian packages the image lacks
 * @param binaryPackages  binary packages the image lacks
 */
record EnvironmentChoice(ImageCatalog.Image image, List<String> pythonPackages, List<String> javaPackages,
                         List<String> missingJava, List<String> systemPackages, List<String> binaryPackages) {

    static final String PYTHON_VERSION = "environment.python.version";
    static final String PYTHON_PACKAGES = "environment.python.packages";
    static final String JAVA_VERSION = "environment.java.version";
    static final String JAVA_PACKAGES = "environment.java.packages";
    static final String SYSTEM_PACKAGES = "environment.system.packages";
    static final String BINARY_PACKAGES = "environment.binary.packages";

    /** Container variable with the pip requirements to install, space-separated. */
    static final String PIP_VARIABLE = "BERTH_PIP_PACKAGES";
    /** Container variable with the Maven coordinates to fetch, comma-separated. */
    static final String JAVA_VARIABLE = "BERTH_JAVA_PACKAGES";
    /** Container variable with the Debian packages to install, space-separated. */
    static final String SYSTEM_VARIABLE = "BERTH_SYSTEM_PACKAGES";
    /** Container variable with the binary packages to fetch, space-separated. */
    static final String BINARY_VARIABLE = "BERTH_BINARY_PACKAGES";

    static final int MAX_PACKAGES = 100;

    private static final Pattern VERSION = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){0,2}");
    private static final Pattern PIP = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9._-]{0,98}[A-Za-z0-9])?)((==|>=|<=|~=|!=|<|>)[0-9][0-9A-Za-z.*+!]{0,49})?");
    private static final Pattern MAVEN = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9._-]{0,99}:[A-Za-z0-9][A-Za-z0-9._-]{0,99}):[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern DEBIAN = Pattern.compile("([a-z0-9][a-z0-9+.-]{1,99})(=[0-9][A-Za-z0-9.+~-]{0,63})?");
    private static final Pattern BINARY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,99})");

    EnvironmentChoice {
        requireNonNull(image, "image is null");
        pythonPackages = List.copyOf(pythonPackages);
        javaPackages = List.copyOf(javaPackages);
        missingJava = List.copyOf(missingJava);
        systemPackages = List.copyOf(systemPackages);
        binaryPackages = List.copyOf(binaryPackages);
    }

    /**
     * Chooses the image for a deployment: among the catalog images whose Python and Java versions match the
     * requested ones (a version matches itself and its refinements: {@code 3} matches {@code 3.11}) and that run
     * Spark when {@code needsSpark}, the one lacking the fewest requested packages, the catalog's default
     * winning ties, then the catalog's order.
     *
     * @param parameters the deployment's parameters; absent {@code environment.*} entries ask for nothing
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} naming the field when a value is malformed
     *                           or no image can serve the environment
     */
    static EnvironmentChoice choose(ImageCatalog catalog, Map<String, String> parameters, boolean needsSpark) {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(parameters, "parameters is null");
        String python = version(parameters, PYTHON_VERSION);
        String java = version(parameters, JAVA_VERSION);
        List<Matcher> pip = packages(parameters, PYTHON_PACKAGES, PIP, "pip requirements such as numpy or pandas==2.2.1");
        List<Matcher> maven = packages(parameters, JAVA_PACKAGES, MAVEN, "Maven coordinates group:artifact:version");
        List<Matcher> debian = packages(parameters, SYSTEM_PACKAGES, DEBIAN, "Debian package names such as libgomp1");
        List<Matcher> binary = packages(parameters, BINARY_PACKAGES, BINARY, "names of letters, digits, '.', '_', '-'");

        List<ImageCatalog.Image> candidates = catalog.images().stream()
                .filter(image -> matches(python, image.python()))
                .filter(image -> matches(java, image.java()))
                .filter(image -> !needsSpark || image.spark())
                .toList();
        if (candidates.isEmpty()) {
            throw noImage(catalog, python, java, needsSpark);
        }
        ImageCatalog.Image chosen = candidates.stream()
                .min(Comparator.<ImageCatalog.Image>comparingInt(image -> missing(image, pip).size()
                                + missing(image, maven).size() + missing(image, debian).size()
                                + missing(image, binary).size())
                        .thenComparingInt(image -> image.name().equals(catalog.defaultName()) ? 0 : 1)
                        .thenComparingInt(candidates::indexOf))
                .orElseThrow();
        return new EnvironmentChoice(chosen,
                missing(chosen, pip).stream().map(Matcher::group).toList(),
                maven.stream().map(Matcher::group).toList(),
                missing(chosen, maven).stream().map(Matcher::group).toList(),
                missing(chosen, debian).stream().map(Matcher::group).toList(),
                missing(chosen, binary).stream().map(Matcher::group).toList());
    }

    /** The container variables that tell the image's entry point what to install; only non-empty ones. */
    Map<String, String> containerVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        if (!pythonPackages.isEmpty()) {
            variables.put(PIP_VARIABLE, String.join(" ", pythonPackages));
        }
        if (!missingJava.isEmpty()) {
            variables.put(JAVA_VARIABLE, String.join(",", missingJava));
        }
        if (!systemPackages.isEmpty()) {
            variables.put(SYSTEM_VARIABLE, String.join(" ", systemPackages));
        }
        if (!binaryPackages.isEmpty()) {
            variables.put(BINARY_VARIABLE, String.join(" ", binaryPackages));
        }
        return variables;
    }

    private static List<Matcher> missing(ImageCatalog.Image image, List<Matcher> requested) {
        // A pinned pip requirement is installed even where the image has the package: its version may differ.
        return requested.stream().filter(match -> !image.has(match.group(1))
                || match.pattern() == PIP && match.group(3) != null).toList();
    }

    private static boolean matches(String requested, String offered) {
        return requested == null || offered != null && (offered.equals(requested) || offered.startsWith(requested + "."));
    }

    private static String version(Map<String, String> parameters, String field) {
        String value = parameters.get(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (!VERSION.matcher(stripped).matches()) {
            throw invalid(field + " must be a version such as 3.11 or 17: '" + KubernetesSettings.shorten(value) + "'");
        }
        return stripped;
    }

    private static List<Matcher> packages(Map<String, String> parameters, String field, Pattern pattern,
                                          String expected) {
        String value = parameters.get(field);
        List<Matcher> result = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return result;
        }
        String[] items = value.split(",", -1);
        if (items.length > MAX_PACKAGES) {
            throw invalid(field + " lists more than " + MAX_PACKAGES + " packages");
        }
        for (String item : items) {
            String stripped = item.strip();
            Matcher matcher = pattern.matcher(stripped);
            if (!matcher.matches()) {
                throw invalid(field + " must list " + expected + ", comma-separated; refused entry '"
                        + KubernetesSettings.shorten(stripped) + "'");
            }
            result.add(matcher);
        }
        return result;
    }

    private static ProviderException noImage(ImageCatalog catalog, String python, String java, boolean spark) {
        if (python != null && catalog.images().stream().noneMatch(image -> matches(python, image.python()))) {
            return invalid(PYTHON_VERSION + " " + python + " is offered by no catalog image; available: "
                    + versions(catalog, ImageCatalog.Image::python));
        }
        if (java != null && catalog.images().stream().noneMatch(image -> matches(java, image.java()))) {
            return invalid(JAVA_VERSION + " " + java + " is offered by no catalog image; available: "
                    + versions(catalog, ImageCatalog.Image::java));
        }
        return invalid("no catalog image offers " + (python == null ? "" : PYTHON_VERSION + " " + python + " ")
                + (java == null ? "" : JAVA_VERSION + " " + java + " ") + (spark ? "with Spark" : "together")
                + "; images: " + catalog.images().stream().map(image -> image.name() + " (python "
                + image.python() + ", java " + image.java() + ", spark " + image.spark() + ")").toList());
    }

    private static String versions(ImageCatalog catalog, java.util.function.Function<ImageCatalog.Image, String> of) {
        TreeSet<String> versions = new TreeSet<>();
        catalog.images().forEach(image -> {
            String version = of.apply(image);
            if (version != null) {
                versions.add(version.toLowerCase(Locale.ROOT));
            }
        });
        return versions.isEmpty() ? "none" : String.join(", ", versions);
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ErrorCode.INVALID_REQUEST, message);
    }
}
