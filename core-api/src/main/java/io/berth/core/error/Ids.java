package io.berth.core.error;

import java.util.UUID;

/** Parsing shared by the id types, so that every malformed id fails the same way. */
public final class Ids {
    private Ids() {
    }

    /**
     * Parses a canonical UUID.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} naming {@code what}
     */
    public static UUID parseUuid(String text, String what) {
        if (text == null || text.length() != 36) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "not an id of " + what + ": " + abbreviate(text));
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "not an id of " + what + ": " + abbreviate(text), e);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
