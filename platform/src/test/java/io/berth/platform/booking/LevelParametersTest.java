package io.berth.platform.booking;

import io.berth.booking.Booking;
import io.berth.booking.SharingMode;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.account.AccountLevels;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.testing.InMemoryBookingStore;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LevelParametersTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-23T00:00:00Z");
    private static final ServicePlan PLAN = new ServicePlan(PlanId.random(), "notebook", "", NOW);

    private final MutableClock clock = new MutableClock(NOW);
    private final Principal admin = new Principal(AccountId.random(), "admin", Role.ADMIN, 2);
    private final Principal alice = new Principal(AccountId.random(), "alice", Role.USER, 1);
    private final Principal bob = new Principal(AccountId.random(), "bob", Role.USER, 1);
    private BookingService bookings;
    private LevelParameters expander;

    @BeforeEach
    void setUp() {
        bookings = new BookingService(new InMemoryBookingStore(), BookingSettings.defaults(ZoneOffset.UTC), clock);
        bookings.createPool(admin, "rack", SharingMode.MANAGED);
        bookings.addCapacity(admin, "rack", bookings.packageNamed("large").total().times(4), TODAY, null);
        expander = new LevelParameters(AccountLevels.defaults(), bookings);
    }

    private Booking book(Principal who, String pkg, Instant start, Instant end) {
        return bookings.book(who, new BookingService.BookingRequest("rack", bookings.packageNamed(pkg), 1,
                List.of(new Span(start, end))));
    }

    private static void assertCode(Runnable call, ErrorCode code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BerthException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void withoutABookingTheLevelsDefaultPackageAndQuotasAreGiven() {
        Map<String, String> level0 = expander.expand(new Principal(AccountId.random(), "guest", Role.USER, 0), PLAN,
                Map.of());
        assertThat(level0).containsEntry("account.level", "0").containsEntry("resources.package", "tiny")
                .containsEntry("resources.worker.cores", "1").containsEntry("resources.worker.memory", "2048")
                .containsEntry("quota.saved.count", "0").containsEntry("retention.notebooks.months", "0")
                .doesNotContainKey("booking.start");

        Map<String, String> level1 = expander.expand(alice, PLAN, Map.of("resources.worker.cores", "64",
                "account.level", "9", "quota.notebooks.count", "100000"));
        assertThat(level1).containsEntry("account.level", "1").containsEntry("resources.package", "small")
                .containsEntry("resources.worker.cores", "2").containsEntry("quota.notebooks.count", "50")
                .isEqualTo(AccountLevels.defaults().quotasFor(1).environment(bookings.packageNamed("small")));
    }

    @Test
    void aRunningBookingOfTheCallerGivesItsPackageAndPeriod() {
        Booking booking = book(alice, "medium", TODAY.plus(Duration.ofHours(10)), TODAY.plus(Duration.ofDays(2)));

        Map<String, String> expanded = expander.expand(alice, PLAN, Map.of("booking", booking.id().toString(),
                "booking.end", "2099-01-01T00:00:00Z"));

        assertThat(expanded).containsEntry("booking", booking.id().toString())
                .containsEntry("booking.start", "2026-11-23T10:00:00Z")
                .containsEntry("booking.end", "2026-11-25T00:00:00Z")
                .containsEntry("booking.pool", "rack")
                .containsEntry("booking.package", "medium")
                .containsEntry("resources.package", "medium")
                .containsEntry("resources.spark.worker.cores", "8")
                .containsEntry("resources.spark.worker.memory", "16384")
                .containsEntry("account.level", "1");
    }

    @Test
    void anotherAccountsBookingIsNotFoundEvenForAnAdmin() {
        Booking booking = book(alice, "small", TODAY.plus(Duration.ofHours(10)), TODAY.plus(Duration.ofDays(1)));

        assertCode(() -> expander.expand(bob, PLAN, Map.of("booking", booking.id().toString())),
                ErrorCode.BOOKING_NOT_FOUND, "no booking " + booking.id());
        assertCode(() -> expander.expand(admin, PLAN, Map.of("booking", booking.id().toString())),
                ErrorCode.BOOKING_NOT_FOUND, "of account 'admin'");
        assertCode(() -> expander.expand(alice, PLAN, Map.of("booking", "not-an-id")),
                ErrorCode.INVALID_REQUEST, "not a booking id");
    }

    @Test
    void cancelledEndedAndFutureBookingsAreNotCurrent() {
        Booking later = book(alice, "small", TODAY.plus(Duration.ofDays(3)), TODAY.plus(Duration.ofDays(4)));
        assertCode(() -> expander.expand(alice, PLAN, Map.of("booking", later.id().toString())),
                ErrorCode.BOOKING_NOT_CURRENT, "next period starts at 2026-11-26T00:00:00Z");

        Booking now = book(alice, "small", TODAY.plus(Duration.ofHours(10)), TODAY.plus(Duration.ofDays(1)));
        assertThat(expander.expand(alice, PLAN, Map.of("booking", now.id().toString())))
                .containsEntry("resources.package", "small");
        clock.advance(Duration.ofDays(1));
        assertCode(() -> expander.expand(alice, PLAN, Map.of("booking", now.id().toString())),
                ErrorCode.BOOKING_NOT_CURRENT, "ended at 2026-11-24T00:00:00Z");

        bookings.cancel(alice, later.id());
        clock.advance(Duration.ofDays(2));
        assertCode(() -> expander.expand(alice, PLAN, Map.of("booking", later.id().toString())),
                ErrorCode.BOOKING_NOT_CURRENT, "is cancelled");
    }

    @Test
    void platformNamesThePlatformDoesNotSetAreRefused() {
        assertCode(() -> expander.expand(alice, PLAN, Map.of("booking.start", "2026-01-01T00:00:00Z")),
                ErrorCode.INVALID_REQUEST, "'booking.start' is set by the platform");
        assertCode(() -> expander.expand(alice, PLAN, Map.of("resources.gpu", "8")),
                ErrorCode.INVALID_REQUEST, "'resources.gpu'");
        assertThat(expander.expand(alice, PLAN, Map.of("notebook.theme", "dark"))).doesNotContainKey("notebook.theme");
    }
}
