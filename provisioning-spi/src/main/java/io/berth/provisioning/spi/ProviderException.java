package io.berth.provisioning.spi;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

/** The one exception type of the SPI. Its {@link #errorCode()} says what went wrong. */
public final class ProviderException extends BerthException {
    private static final long serialVersionUID = 1L;

    public ProviderException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    public ProviderException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode, message, cause);
    }
}
