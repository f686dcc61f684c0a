package io.berth.server.api;

import io.berth.booking.SharingMode;

import java.util.Locale;

/** The body of {@code POST /pools}: a name and a sharing mode (SHARED, MANAGED or RESERVED; default RESERVED). */
public record NewPool(String name, String mode) {

    /** @throws io.berth.core.error.BerthException INVALID_REQUEST for an unknown mode */
    public SharingMode sharingMode() {
        if (mode == null) {
            return SharingMode.RESERVED;
        }
        try {
            return SharingMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Fields.invalid("mode must be SHARED, MANAGED or RESERVED: '" + Fields.shorten(mode) + "'");
        }
    }
}
