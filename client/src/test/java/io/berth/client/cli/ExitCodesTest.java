package io.berth.client.cli;

import io.berth.client.BerthApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {

    @Test
    void mapsFailuresByStatusAndCode() {
        assertThat(ExitCodes.of(failure(0, BerthApiException.CONNECTION_FAILED))).isEqualTo(6);
        assertThat(ExitCodes.of(failure(0, BerthApiException.TIMEOUT))).isEqualTo(7);
        assertThat(ExitCodes.of(failure(0, BerthApiException.INTERRUPTED))).isEqualTo(7);
        assertThat(ExitCodes.of(failure(400, "invalid-request"))).isEqualTo(7);
        assertThat(ExitCodes.of(failure(401, "authentication-required"))).isEqualTo(5);
        assertThat(ExitCodes.of(failure(403, "forbidden"))).isEqualTo(5);
        assertThat(ExitCodes.of(failure(404, "deployment-not-found"))).isEqualTo(3);
        assertThat(ExitCodes.of(failure(409, "capacity-exhausted"))).isEqualTo(4);
        assertThat(ExitCodes.of(failure(413, "payload-too-large"))).isEqualTo(7);
        assertThat(ExitCodes.of(failure(502, "provider-unavailable"))).isEqualTo(7);
    }

    private static BerthApiException failure(int status, String code) {
        return new BerthApiException(status, code, null, "detail", null, null);
    }
}
