package io.berth.provisioning.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The prebuilt images the operator offers, from which each deployment's image is chosen by its environment.
 * Read once when the provider starts; immutable and thread safe.
 *
 * <p>A catalog is a JSON file
 * <pre>{@code
 * {"default": "jupyter-python-3.11",
 *  "images": [{"name": "jupyter-python-3.11", "image": "quay.io/jupyter/scipy-notebook:python-3.11",
 *              "python": "3.11", "java": "17", "spark": false, "packages": ["numpy", "pandas"]}]}
 * }</pre>
 * or a properties file with {@code default=<name>} and, per image, {@code <name>.image}, {@code <name>.python},
 * {@code <name>.java}, {@code <name>.spark} and {@code <name>.packages} (comma-separated). {@code packages} names
 * what the image already has, of any kind (pip, Maven {@code group:artifact}, Debian, binary), so that only the
 * rest is installed when the container starts.
 *
 * @param images      in the file's order, never empty
 * @param defaultName the image used when an environment asks for nothing in particular
 */
record ImageCatalog(List<Image> images, String defaultName) {

    /** The catalog shipped with the provider. */
    static final String BUILT_IN = "images.json";

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");
    /** An OCI reference: registry/path:tag or @sha256 digest, without blanks or shell characters. */
    private static final Pattern REFERENCE = Pattern.compile(
            "[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*"
                    + "(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){0,2}");
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}");

    ImageCatalog {
        images = List.copyOf(requireNonNull(images, "images is null"));
        requireNonNull(defaultName, "defaultName is null");
    }

    /**
     * One prebuilt image.
     *
     * @param python   its Python version ({@code 3.11}), or null when it has none
     * @param java     its Java version ({@code 17}), or null when it has none
     * @param spark    whether it can run Spark (master, workers, PySpark)
     * @param packages what it already has, lower-case names without versions
     */
    record Image(String name, String reference, String python, String java, boolean spark, Set<String> packages) {
        Image {
            requireNonNull(name, "name is null");
            requireNonNull(reference, "reference is null");
            packages = Set.copyOf(packages);
        }

        /** Whether the image already has the package of this name (compared without case). */
        boolean has(String packageName) {
            return packages.contains(packageName.toLowerCase(Locale.ROOT));
        }
    }

    /** The image named {@link #defaultName}. */
    Image defaultImage() {
        return images.stream().filter(image -> image.name().equals(defaultName)).findFirst().orElseThrow();
    }

    /**
     * Reads the operator's catalog, or the built-in one when {@code file} is null.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} when the file cannot be read or is malformed
     */
    static ImageCatalog load(Path file) {
        if (file == null) {
            try (InputStream in = ImageCatalog.class.getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in image catalog is missing from the class path");
                }
                return parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in catalog");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in image catalog", e);
            }
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid(KubernetesProviderFactory.IMAGE_CATALOG + " " + file + " cannot be read: " + e.getMessage());
        }
        String origin = KubernetesProviderFactory.IMAGE_CATALOG + " " + file;
        return file.getFileName().toString().endsWith(".properties") ? parseProperties(text, origin)
                : parseJson(text, origin);
    }

    static ImageCatalog parseJson(String text, String origin) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(origin + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("images").isArray()) {
            throw invalid(origin + " must be an object with an \"images\" array");
        }
        List<Image> images = new ArrayList<>();
        for (JsonNode node : root.path("images")) {
            if (!node.isObject()) {
                throw invalid(origin + ": every entry of \"images\" must be an object");
            }
            List<String> packages = new ArrayList<>();
            JsonNode list = node.path("packages");
            if (!list.isMissingNode() && !list.isArray()) {
                throw invalid(origin + ": \"packages\" of an image must be an array of names");
            }
            list.forEach(item -> packages.add(item.asText()));
            JsonNode spark = node.path("spark");
            if (!spark.isMissingNode() && !spark.isBoolean()) {
                throw invalid(origin + ": \"spark\" of an image must be true or false");
            }
            images.add(image(origin, text(node, "name"), text(node, "image"), text(node, "python"),
                    text(node, "java"), spark.asBoolean(false), packages));
        }
        return catalog(origin, images, text(root, "default"));
    }

    static ImageCatalog parseProperties(String text, String origin) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(origin + " is not a properties file: " + e.getMessage());
        }
        Map<String, Map<String, String>> byImage = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.equals("default")) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String attribute = dot < 0 ? "" : key.substring(dot + 1);
            if (!Set.of("image", "python", "java", "spark", "packages").contains(attribute)) {
                throw invalid(origin + ": unknown key '" + KubernetesSettings.shorten(key)
                        + "'; use default or <name>.image, .python, .java, .spark, .packages");
            }
            byImage.computeIfAbsent(key.substring(0, dot), name -> new LinkedHashMap<>())
                    .put(attribute, properties.getProperty(key).strip());
        }
        List<Image> images = new ArrayList<>();
        byImage.forEach((name, attributes) -> {
            String spark = attributes.getOrDefault("spark", "false");
            if (!spark.equals("true") && !spark.equals("false")) {
                throw invalid(origin + ": " + name + ".spark must be true or false");
            }
            String packages = attributes.getOrDefault("packages", "");
            images.add(image(origin, name, attributes.get("image"), attributes.get("python"), attributes.get("java"),
                    Boolean.parseBoolean(spark), packages.isBlank() ? List.of()
                            : List.of(packages.split(",")).stream().map(String::strip).toList()));
        });
        String defaultName = properties.getProperty("default");
        return catalog(origin, images, defaultName == null ? null : defaultName.strip());
    }

    private static ImageCatalog catalog(String origin, List<Image> images, String defaultName) {
        if (images.isEmpty()) {
            throw invalid(origin + " lists no images");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Image image : images) {
            if (!names.add(image.name())) {
                throw invalid(origin + " names the image '" + image.name() + "' twice");
            }
        }
        String chosen = defaultName == null ? images.get(0).name() : defaultName;
        if (!names.contains(chosen)) {
            throw invalid(origin + ": the default image '" + KubernetesSettings.shorten(chosen) + "' is not listed");
        }
        return new ImageCatalog(images, chosen);
    }

    private static Image image(String origin, String name, String reference, String python, String java,
                               boolean spark, List<String> packages) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid(origin + ": an image name must be a lower-case slug: '"
                    + KubernetesSettings.shorten(String.valueOf(name)) + "'");
        }
        if (reference == null || reference.length() > 512 || !REFERENCE.matcher(reference).matches()) {
            throw invalid(origin + ": image '" + name + "' needs an image reference such as registry/name:tag");
        }
        for (String version : new String[] {python, java}) {
            if (version != null && !VERSION.matcher(version).matches()) {
                throw invalid(origin + ": image '" + name + "' has a malformed version '"
                        + KubernetesSettings.shorten(version) + "'");
            }
        }
        Set<String> normalized = new LinkedHashSet<>();
        for (String item : packages) {
            if (!PACKAGE.matcher(item).matches()) {
                throw invalid(origin + ": image '" + name + "' lists a malformed package '"
                        + KubernetesSettings.shorten(item) + "'");
            }
            normalized.add(item.toLowerCase(Locale.ROOT));
        }
        return new Image(name, reference, python, java, spark, normalized);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() || value.isNumber() ? value.asText().strip() : null;
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ErrorCode.INVALID_REQUEST, message);
    }
}
