package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.berth.booking.BookingPolicies.EXTENSION_WINDOW;
import static io.berth.booking.BookingPolicies.MAX_AHEAD;
import static io.berth.booking.BookingPolicies.MAX_CONCURRENT;
import static io.berth.booking.BookingPolicies.MAX_DURATION;
import static io.berth.booking.BookingPolicies.PACKAGE_NOT_ALLOWED;
import static io.berth.booking.BookingPolicies.PAST_START;
import static io.berth.booking.Fixtures.assertFails;
import static io.berth.booking.Fixtures.assertRule;
import static io.berth.booking.Fixtures.at;
import static io.berth.booking.Fixtures.booking;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class BookingPoliciesTest {
    private static final Instant NOW = at("2026-05-25T10:20:00Z");
    private static final Instant HOUR_START = at("2026-05-25T10:00:00Z");
    private final BookingPolicies policies = BookingPolicies.defaults();
    private final PoolId pool = PoolId.random();
    private final AccountId owner = AccountId.random();

    private static Span days(Instant start, long days) {
        return new Span(start, start.plus(Duration.ofDays(days)));
    }

    private BookingCheck check(int level, String packageName, List<Booking> own, Span... spans) {
        return BookingCheck.of(level, packageName, List.of(spans), own, NOW, HOUR_START);
    }

    private Booking ownBooking(Span span) {
        return booking(pool, owner, "small", ResourcePackage.standard("small").orElseThrow().total(), 1, span);
    }

    @Test
    void levelZeroMayNotBook() {
        assertRule(ErrorCode.LEVEL_NOT_ALLOWED, PACKAGE_NOT_ALLOWED,
                () -> policies.check(check(0, "tiny", List.of(), days(HOUR_START, 1))))
                .withMessage("package-not-allowed: accounts of level 0 may not book")
                .matches(e -> e.details().equals(Map.of("rule", PACKAGE_NOT_ALLOWED, "level", "0", "package", "tiny")));
        assertRule(ErrorCode.LEVEL_NOT_ALLOWED, PACKAGE_NOT_ALLOWED,
                () -> new BookingPolicies(List.of(BookingPolicy.noBooking(1))).policyFor(0));
    }

    @Test
    void levelOneBooksStandardPackagesWithinTheirLimits() {
        assertThatNoException().isThrownBy(() -> policies.check(check(1, "small", List.of(), days(HOUR_START, 14))));
        assertThatNoException().isThrownBy(() -> policies.check(check(1, "large", List.of(), days(HOUR_START, 3))));
        assertRule(ErrorCode.LEVEL_NOT_ALLOWED, PACKAGE_NOT_ALLOWED,
                () -> policies.check(check(1, "custom", List.of(), days(HOUR_START, 1))))
                .withMessage("package-not-allowed: accounts of level 1 may not book the custom package");
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_DURATION,
                () -> policies.check(check(1, "medium", List.of(), days(HOUR_START, 8))))
                .withMessage("max-duration: accounts of level 1 may book the medium package for at most 7 days, not 8 days")
                .matches(e -> e.details().equals(Map.of("rule", MAX_DURATION, "level", "1", "package", "medium",
                        "limit", "PT168H")));
        // spans add up: two weekends of two days each are four days of large
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_DURATION, () -> policies.check(check(1, "large", List.of(),
                days(at("2026-05-30T00:00:00Z"), 2), days(at("2026-06-06T00:00:00Z"), 2))));
    }

    @Test
    void bookingsMayNotStartBeforeTheCurrentSlot() {
        assertThatNoException().isThrownBy(() -> policies.check(check(1, "small", List.of(), days(HOUR_START, 1))));
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, PAST_START,
                () -> policies.check(check(1, "small", List.of(), days(at("2026-05-25T09:00:00Z"), 1))))
                .withMessage("past-start: a booking may not start in the past: 2026-05-25T09:00:00Z is before 2026-05-25T10:00:00Z");
    }

    @Test
    void bookingsEndWithinTheHorizonOfTheLevel() {
        assertThatNoException().isThrownBy(() -> policies.check(check(1, "large", List.of(),
                new Span(NOW.plus(Duration.ofDays(27)), NOW.plus(Duration.ofDays(30))))));
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_AHEAD, () -> policies.check(check(1, "large", List.of(),
                new Span(at("2026-06-22T00:00:00Z"), at("2026-06-25T00:00:00Z")))))
                .withMessage("max-ahead: accounts of level 1 may book up to 30 days ahead: the booking would end at "
                        + "2026-06-25T00:00:00Z, after 2026-06-24T10:20:00Z");
        assertThatNoException().isThrownBy(() -> policies.check(check(2, "large", List.of(),
                new Span(at("2026-08-01T00:00:00Z"), at("2026-08-03T00:00:00Z")))));
    }

    @Test
    void concurrentBookingsCountOnlyActiveOnesNotOver() {
        Booking running = ownBooking(span(at("2026-05-24T00:00:00Z"), at("2026-05-26T00:00:00Z")));
        Booking future = ownBooking(days(at("2026-06-01T00:00:00Z"), 1));
        Booking over = ownBooking(span(at("2026-05-20T00:00:00Z"), at("2026-05-25T10:00:00Z")));
        Booking cancelled = ownBooking(days(at("2026-06-05T00:00:00Z"), 1)).withStatus(BookingStatus.CANCELLED);
        assertThatNoException().isThrownBy(() ->
                policies.check(check(1, "small", List.of(running, over, cancelled), days(at("2026-06-10T00:00:00Z"), 1))));
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_CONCURRENT, () -> policies.check(check(1, "small",
                List.of(running, future, over, cancelled), days(at("2026-06-10T00:00:00Z"), 1))))
                .withMessage("max-concurrent: accounts of level 1 may hold at most 2 bookings running or to come, and hold 2");
        assertThatNoException().isThrownBy(() -> policies.check(check(2, "small",
                List.of(running, future, over, cancelled), days(at("2026-06-10T00:00:00Z"), 1))));
    }

    private static Span span(Instant start, Instant end) {
        return new Span(start, end);
    }

    @Test
    void levelNBooksCustomAndLevelsAboveUseTheHighestPolicy() {
        assertThatNoException().isThrownBy(() -> policies.check(check(2, "custom", List.of(), days(HOUR_START, 30))));
        assertThatNoException().isThrownBy(() -> policies.check(check(7, "custom", List.of(), days(HOUR_START, 30))));
        assertThat(policies.policyFor(7)).isSameAs(policies.policyFor(2));
        assertThat(policies.policyFor(2).maxConcurrent()).isEqualTo(5);
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_DURATION,
                () -> policies.check(check(9, "custom", List.of(), days(HOUR_START, 31))));
        BookingPolicies gapped = new BookingPolicies(List.of(BookingPolicy.noBooking(0),
                new BookingPolicy(3, true, Map.of("small", Duration.ofDays(1)), Duration.ofDays(10), 1, Duration.ofDays(1))));
        assertThat(gapped.policyFor(2).mayBook()).isFalse();
        assertThat(gapped.policyFor(4).level()).isEqualTo(3);
        assertFails(ErrorCode.INVALID_REQUEST, () -> new BookingPolicies(List.of(BookingPolicy.noBooking(0),
                BookingPolicy.noBooking(0))));
        assertFails(ErrorCode.INVALID_REQUEST, () -> new BookingPolicies(List.of()));
        assertFails(ErrorCode.INVALID_REQUEST, () -> new BookingPolicy(1, true, Map.of("small", Duration.ZERO),
                Duration.ZERO, 1, Duration.ZERO));
    }

    @Test
    void extensionsOnlyInTheWindowBeforeTheEnd() {
        Booking endsIn3Days = ownBooking(new Span(HOUR_START, at("2026-05-28T10:00:00Z")));
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, EXTENSION_WINDOW,
                () -> policies.checkExtension(1, endsIn3Days, at("2026-05-29T10:00:00Z"), NOW))
                .withMessage("extension-window: a booking may be extended only in the 2 days before it ends "
                        + "(2026-05-26T10:00:00Z to 2026-05-28T10:00:00Z)")
                .matches(e -> e.details().get("opens").equals("2026-05-26T10:00:00Z"));
        assertThatNoException().isThrownBy(() ->
                policies.checkExtension(1, endsIn3Days, at("2026-05-29T10:00:00Z"), at("2026-05-26T10:00:00Z")));
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, EXTENSION_WINDOW,
                () -> policies.checkExtension(1, endsIn3Days, at("2026-05-29T10:00:00Z"), at("2026-05-28T10:00:00Z")));
        // 3 days booked + 12 would exceed small's 14 days
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_DURATION,
                () -> policies.checkExtension(1, endsIn3Days, at("2026-06-09T10:00:00Z"), at("2026-05-27T10:00:00Z")));
        assertThatNoException().isThrownBy(() ->
                policies.checkExtension(1, endsIn3Days, at("2026-06-08T10:00:00Z"), at("2026-05-27T10:00:00Z")));
        assertRule(ErrorCode.LEVEL_NOT_ALLOWED, PACKAGE_NOT_ALLOWED,
                () -> policies.checkExtension(0, endsIn3Days, at("2026-05-29T10:00:00Z"), at("2026-05-27T10:00:00Z")));
        BookingPolicies shortSighted = new BookingPolicies(List.of(new BookingPolicy(0, true,
                Map.of("small", Duration.ofDays(30)), Duration.ofDays(3), 1, Duration.ofDays(7))));
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_AHEAD, () -> shortSighted.checkExtension(0, endsIn3Days,
                at("2026-05-30T11:00:00Z"), at("2026-05-27T10:00:00Z")))
                .matches(e -> e.details().get("latestEnd").equals("2026-05-30T10:00:00Z"));
        assertThatNoException().isThrownBy(() -> shortSighted.checkExtension(0, endsIn3Days,
                at("2026-05-30T10:00:00Z"), at("2026-05-27T10:00:00Z")));
    }
}
