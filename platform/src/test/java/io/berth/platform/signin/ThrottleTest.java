package io.berth.platform.signin;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final Throttle throttle = new Throttle(3, Duration.ofMinutes(15), clock);

    @Test
    void refusesAfterTheLimitUntilTheOldestAttemptLeavesTheWindow() {
        throttle.record("a");
        clock.advance(Duration.ofMinutes(5));
        throttle.record("a", "b");
        throttle.record("a");
        throttle.check("b", null);
        assertRetryAfter(() -> throttle.check("b", "a"), 10 * 60 + 1);
        clock.advance(Duration.ofMinutes(10));
        throttle.check("a");
        throttle.record("a");
        // the first attempt left the window; the two of minute 5 and this one remain: free again at minute 20
        assertRetryAfter(() -> throttle.check("a"), 5 * 60 + 1);
        throttle.reset("a");
        throttle.check("a");
    }

    @Test
    void acquireCountsWhetherOrNotTheWorkSucceedsAndPruneForgetsOldWindows() {
        throttle.acquire("x");
        throttle.acquire("x");
        throttle.acquire("x");
        assertRetryAfter(() -> throttle.acquire("x"), 15 * 60 + 1);
        clock.advance(Duration.ofMinutes(16));
        throttle.prune();
        throttle.acquire("x");
    }

    private static void assertRetryAfter(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, long seconds) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BerthException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.TOO_MANY_ATTEMPTS);
            assertThat(e.details()).containsEntry("retryAfterSeconds", Long.toString(seconds));
        });
    }
}
