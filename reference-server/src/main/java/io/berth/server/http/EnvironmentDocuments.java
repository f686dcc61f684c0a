package io.berth.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.berth.core.environment.EnvironmentSpec;
import io.berth.core.environment.EnvironmentViolation;
import io.berth.core.environment.InvalidEnvironmentException;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Environment documents: the published JSON Schema (draft 2020-12) and the reading of a document into a typed
 * {@link EnvironmentSpec}. A document is first validated against the schema, which refuses every field it does
 * not name and every value outside its patterns and bounds; only then are its fields copied, one by one, into
 * the spec, which checks them again. No part of the document is passed on as it is.
 */
public final class EnvironmentDocuments {
    /** The schema, as served at {@code GET /api/v1/environments/schema}. */
    public static final String SCHEMA_RESOURCE = "/io/berth/server/environment.schema.json";
    /** The standard environments, present in every installation; files {@code environments/<name>.json}. */
    public static final List<String> STANDARD = List.of("gaia-basic", "gaia-ml");
    private static final String STANDARD_FOLDER = "/io/berth/server/environments/";

    private final ObjectMapper mapper;
    private final byte[] schemaBytes;
    private final Schema schema;

    /** A document read and checked: the typed spec and the document in compact form. */
    public record Parsed(EnvironmentSpec spec, String document) {
        public Parsed {
            requireNonNull(spec, "spec is null");
            requireNonNull(document, "document is null");
        }
    }

    /** @param mapper reads resources and writes documents; the API's strict mapper */
    public EnvironmentDocuments(ObjectMapper mapper) {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.schemaBytes = resource(SCHEMA_RESOURCE);
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(new String(schemaBytes, StandardCharsets.UTF_8));
    }

    /** The schema document. */
    public byte[] schema() {
        return schemaBytes.clone();
    }

    /**
     * Checks a document and reads it.
     *
     * @throws InvalidEnvironmentException listing every field at fault by its JSON Pointer
     */
    public Parsed parse(JsonNode document) {
        requireNonNull(document, "document is null");
        // one value may break two keywords (too short and not matching) that read the same once described
        Set<EnvironmentViolation> found = new LinkedHashSet<>();
        for (Error error : schema.validate(document)) {
            String pointer = pointer(error);
            found.add(new EnvironmentViolation(pointer, describe(error, pointer)));
        }
        List<EnvironmentViolation> violations = List.copyOf(found);
        if (!violations.isEmpty()) {
            throw new InvalidEnvironmentException(violations);
        }
        JsonNode python = document.get("python");
        JsonNode java = document.get("java");
        EnvironmentSpec spec = new EnvironmentSpec(text(document, "name"), text(document, "description"),
                new EnvironmentSpec.Python(text(python, "version"), strings(python.get("packages"))),
                new EnvironmentSpec.Java(text(java, "version"), strings(java.get("packages"))),
                strings(document.get("systemPackages")), strings(document.get("binaryPackages")));
        try {
            return new Parsed(spec, mapper.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an environment document", e);
        }
    }

    /**
     * Reads a document from text.
     *
     * @throws BerthException MALFORMED_JSON for text that is not one JSON document; as {@link #parse(JsonNode)}
     */
    public Parsed parse(String text) {
        JsonNode tree;
        try {
            tree = mapper.readTree(requireNonNull(text, "text is null"));
        } catch (JsonProcessingException e) {
            throw new BerthException(ErrorCode.MALFORMED_JSON, "the environment document is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw new BerthException(ErrorCode.MALFORMED_JSON, "the environment document is empty");
        }
        return parse(tree);
    }

    /** The standard environments shipped with the server, read and checked. */
    public List<Parsed> standard() {
        List<Parsed> parsed = new ArrayList<>();
        for (String name : STANDARD) {
            parsed.add(parse(new String(resource(STANDARD_FOLDER + name + ".json"), StandardCharsets.UTF_8)));
        }
        return parsed;
    }

    /**
     * The JSON Pointer of the value at fault; for a property that should not be there or is missing, the pointer
     * of that property.
     */
    private static String pointer(Error error) {
        StringBuilder pointer = new StringBuilder();
        NodePath location = error.getInstanceLocation();
        if (location != null) {
            for (int i = 0; i < location.getNameCount(); i++) {
                pointer.append('/').append(escape(String.valueOf(location.getElement(i))));
            }
        }
        String keyword = error.getKeyword();
        if (error.getProperty() != null && ("additionalProperties".equals(keyword) || "required".equals(keyword))) {
            pointer.append('/').append(escape(error.getProperty()));
        }
        return pointer.toString();
    }

    private static String describe(Error error, String pointer) {
        String keyword = error.getKeyword();
        if ("additionalProperties".equals(keyword)) {
            return "is not a field of an environment document here";
        }
        if ("required".equals(keyword)) {
            return "is required";
        }
        Optional<String> rule = EnvironmentSpec.rule(pointer);
        if (rule.isPresent() && ("pattern".equals(keyword) || "minLength".equals(keyword))) {
            // the rule in words, not the regular expression
            return "must be " + rule.get();
        }
        String message = error.getMessage();
        // the validator names the location itself; the pointer says it already
        int colon = message.indexOf(": ");
        if (message.startsWith("/") || message.startsWith("$")) {
            message = colon < 0 ? message : message.substring(colon + 2);
        }
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || array.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.asText()));
        return values;
    }

    private static byte[] resource(String name) {
        try (InputStream in = EnvironmentDocuments.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the server's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
