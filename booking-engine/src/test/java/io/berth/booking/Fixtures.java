package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import org.assertj.core.api.ThrowableAssertAlternative;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Small helpers shared by the tests. */
final class Fixtures {
    private Fixtures() {
    }

    static Instant at(String text) {
        return Instant.parse(text);
    }

    static Span span(String start, String end) {
        return new Span(at(start), at(end));
    }

    static ResourceVector cores(long milliCores) {
        return ResourceVector.of(milliCores, 0, 0);
    }

    /** An ACTIVE booking of {@code count} × {@code unit}. */
    static Booking booking(PoolId pool, AccountId owner, String packageName, ResourceVector unit, int count, Span... spans) {
        return new Booking(BookingId.random(), pool, owner, packageName, unit, count, List.of(spans), BookingStatus.ACTIVE,
                at("2020-01-01T00:00:00Z"));
    }

    static ThrowableAssertAlternative<BerthException> assertFails(ErrorCode code, Runnable action) {
        return assertThatExceptionOfType(BerthException.class).isThrownBy(action::run)
                .matches(e -> e.errorCode() == code, "error code " + code);
    }

    static ThrowableAssertAlternative<BerthException> assertRule(ErrorCode code, String rule, Runnable action) {
        return assertFails(code, action).matches(e -> rule.equals(e.details().get("rule")), "rule " + rule)
                .withMessageStartingWith(rule + ": ");
    }
}
