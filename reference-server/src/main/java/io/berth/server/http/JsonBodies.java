package io.berth.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * JSON of the API: one strict mapper, and the reading of request bodies with their limits. A body is
 * refused before it reaches a handler when it is not {@code application/json} (415), larger than
 * {@link #MAX_BODY_BYTES} (413), not one JSON document (400 {@code malformed-json}: bad syntax, duplicate
 * keys, trailing content), or JSON of the wrong shape: unknown fields, wrong types (400
 * {@code invalid-request}).
 */
public final class JsonBodies {
    /** 1 MiB, as docs/api.md promises. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /**
     * An oversize body is still read, up to this much, before the 413 is sent: a client that is still
     * writing when the server closes the connection would see a reset instead of the answer.
     */
    private static final long MAX_DRAIN_BYTES = 32L * 1024 * 1024;

    private final ObjectMapper mapper;

    public JsonBodies() {
        this.mapper = newObjectMapper();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The mapper of the API: ISO-8601 times and durations, strict reading. */
    public static ObjectMapper newObjectMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        // "5" is not a number and 5 is not a name: scalars keep their JSON types
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** Serialises an answer. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads the body of a request as {@code type}.
     *
     * @throws BerthException UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE, MALFORMED_JSON or INVALID_REQUEST
     */
    public <T> T read(Context ctx, Class<T> type) {
        requireJsonContentType(ctx);
        byte[] body = readLimited(ctx);
        if (isBlank(body)) {
            throw new BerthException(ErrorCode.MALFORMED_JSON, "the request body is empty; a JSON object is expected");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (StreamReadException e) {
            throw new BerthException(ErrorCode.MALFORMED_JSON, "the request body is not valid JSON"
                    + location(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            // trailing content after the document, or input that ends inside it
            throw new BerthException(ErrorCode.MALFORMED_JSON, "the request body is not one JSON document: "
                    + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
        }
        T value;
        try {
            value = mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "unknown field '" + path(e) + "'; known fields here: "
                    + e.getKnownPropertyIds());
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof BerthException berth) {
                throw berth;
            }
            throw new BerthException(ErrorCode.INVALID_REQUEST, "invalid value for '" + path(e) + "'");
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw new BerthException(ErrorCode.INVALID_REQUEST, (field.isEmpty() ? "the body" : "'" + field + "'")
                    + " must be " + describe(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "invalid request body: " + e.getOriginalMessage());
        }
        if (value == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "the body must be a JSON object, not null");
        }
        return value;
    }

    private static void requireJsonContentType(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null) {
            throw new BerthException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be sent as Content-Type"
                    + " application/json");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            throw new BerthException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json, not '"
                    + shorten(parts[0].strip()) + "'");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2
                    && !unquote(parameter[1].strip()).equalsIgnoreCase("utf-8")) {
                throw new BerthException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "JSON bodies must be UTF-8");
            }
        }
    }

    private static byte[] readLimited(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > MAX_BODY_BYTES) {
                drain(in);
                throw tooLarge();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (out.size() + read > MAX_BODY_BYTES) {
                    drain(in);
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "the request body could not be read: "
                    + e.getMessage());
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while (total < MAX_DRAIN_BYTES && (read = in.read(buffer)) >= 0) {
            total += read;
        }
    }

    private static BerthException tooLarge() {
        return new BerthException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + MAX_BODY_BYTES
                + " bytes");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static String location(StreamReadException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** The JSON path of the field at fault, e.g. {@code configuration.installTasks[0].retries}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "...";
    }
}
