package io.berth.server.api;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of the text fields of request bodies, failing as INVALID_REQUEST with the field's name. */
final class Fields {
    private Fields() {
    }

    static Duration duration(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be an ISO-8601 duration such as PT30S or PT5M: '" + shorten(text) + "'");
        }
    }

    static Instant instant(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be an ISO-8601 time with an offset such as 2027-01-31T12:00:00Z: '"
                    + shorten(text) + "'");
        }
    }

    static BerthException invalid(String message) {
        return new BerthException(ErrorCode.INVALID_REQUEST, message);
    }

    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
