package io.berth.platform.booking;

import io.berth.booking.Booking;
import io.berth.booking.BookingStatus;
import io.berth.booking.ColumnWidth;
import io.berth.booking.QueueEntry;
import io.berth.booking.QueueStatus;
import io.berth.booking.SharingMode;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import io.berth.core.resource.ResourceVector;
import io.berth.platform.store.BookingStore;
import io.berth.platform.testing.InMemoryBookingStore;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BookingServiceTest {
    /** A Monday. */
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-23T00:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final BookingStore store = new InMemoryBookingStore();
    private final Principal admin = new Principal(AccountId.random(), "admin", Role.ADMIN);
    private final Principal alice = user("alice", 1);
    private final Principal bob = user("bob", 1);
    private final Principal carol = user("carol", 1);
    private BookingService bookings;
    private ResourcePackage large;
    private ResourcePackage small;

    @BeforeEach
    void setUp() {
        bookings = service();
        large = bookings.packageNamed("large");
        small = bookings.packageNamed("small");
        bookings.createPool(admin, "rack", SharingMode.RESERVED);
    }

    private BookingService service() {
        return new BookingService(store, BookingSettings.defaults(ZoneOffset.UTC).withOfferHold(Duration.ofMinutes(15)),
                clock);
    }

    private static Principal user(String name, int level) {
        return new Principal(AccountId.random(), name, Role.USER, level);
    }

    private static Instant day(int n) {
        return TODAY.plus(Duration.ofDays(n));
    }

    private void capacity(ResourceVector size) {
        bookings.addCapacity(admin, "rack", size, TODAY, null);
    }

    private Booking book(Principal who, ResourcePackage pkg, int count, Instant start, Instant end) {
        return bookings.book(who, new BookingService.BookingRequest(null, pkg, count, List.of(new Span(start, end))));
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BerthException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void bookingShowsAsOwnInTheGridAndLowersTheCounts() {
        capacity(small.total().times(3));
        Booking booked = book(alice, small, 1, day(1), day(3));
        assertThat(booked.status()).isEqualTo(BookingStatus.ACTIVE);
        assertThat(booked.owner()).isEqualTo(alice.account());

        BookingService.Availability week = bookings.availability(alice, null, List.of("small", "large"), day(0), day(7),
                ColumnWidth.DAY);
        assertThat(week.grid().row("small").counts()).containsExactly(3, 2, 2, 3, 3, 3, 3);
        assertThat(week.grid().row("large").counts()).containsExactly(0, 0, 0, 0, 0, 0, 0);
        String text = week.grid().withOwnBookings(week.ownBookings()).render();
        assertThat(text).isEqualTo("""
                small === ### ### === === === ===
                large --- --- --- --- --- --- ---
                      Mon Tue Wed Thu Fri Sat Sun
                """);

        // bob sees the same counts, but no ### of his own
        BookingService.Availability bobs = bookings.availability(bob, "rack", List.of("small"), day(0), day(7),
                ColumnWidth.DAY);
        assertThat(bobs.grid().withOwnBookings(bobs.ownBookings()).render()).startsWith("small === === === === === === ===");
    }

    @Test
    void theLastUnitsGoToExactlyAsManyAsFitAcrossTwoProcesses() throws Exception {
        capacity(large.total().times(2));
        BookingService other = service();
        int contenders = 12;
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            BookingService process = i % 2 == 0 ? bookings : other;
            Principal who = user("u" + i, 1);
            results.add(threads.submit(() -> {
                go.await();
                try {
                    process.book(who, new BookingService.BookingRequest("rack", large, 1,
                            List.of(new Span(day(1), day(2)))));
                    return true;
                } catch (BerthException e) {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
                    return false;
                }
            }));
        }
        go.countDown();
        int admitted = 0;
        for (Future<Boolean> result : results) {
            admitted += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        threads.shutdown();
        assertThat(admitted).isEqualTo(2);
        // both processes agree that nothing is left
        assertThat(bookings.availability(admin, "rack", List.of("large"), day(1), day(2), ColumnWidth.DAY).grid()
                .count("large", 0)).isZero();
        assertThat(other.availability(admin, "rack", List.of("large"), day(1), day(2), ColumnWidth.DAY).grid()
                .count("large", 0)).isZero();
    }

    @Test
    void anExtensionThatDoesNotFitNamesTheLongestThatDoes() {
        capacity(large.total());
        Booking mine = book(alice, large, 1, Instant.parse("2026-11-23T10:00:00Z"), day(1));
        book(bob, large, 1, day(2), day(3));

        BerthException refused = (BerthException) org.assertj.core.api.Assertions.catchThrowable(
                () -> bookings.extend(alice, mine.id(), day(3)));
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(refused.details()).containsEntry("longestEnd", day(2).toString());

        Booking extended = bookings.extend(alice, mine.id(), day(2));
        assertThat(extended.end()).isEqualTo(day(2));
        assertThat(bookings.booking(alice, mine.id()).end()).isEqualTo(day(2));
        // the capacity is taken to the new end
        assertCode(() -> book(carol, large, 1, day(1), day(2)), ErrorCode.CAPACITY_EXHAUSTED);
        // not hers to extend: as if it did not exist
        assertCode(() -> bookings.extend(bob, mine.id(), day(2).plus(Duration.ofHours(1))), ErrorCode.BOOKING_NOT_FOUND);
    }

    @Test
    void policiesAreCheckedWithTheRuleNamed() {
        capacity(large.total().times(4));
        assertCode(() -> book(user("guest", 0), small, 1, day(1), day(2)), ErrorCode.LEVEL_NOT_ALLOWED);
        BerthException tooLong = (BerthException) org.assertj.core.api.Assertions.catchThrowable(
                () -> book(alice, large, 1, day(1), day(6)));
        assertThat(tooLong.errorCode()).isEqualTo(ErrorCode.BOOKING_POLICY_VIOLATED);
        assertThat(tooLong.details()).containsEntry("rule", "max-duration");
        BerthException past = (BerthException) org.assertj.core.api.Assertions.catchThrowable(
                () -> book(alice, small, 1, day(-1), day(1)));
        assertThat(past.details()).containsEntry("rule", "past-start");
        assertCode(() -> book(alice, small, 1, day(1).plus(Duration.ofMinutes(30)), day(2)), ErrorCode.INVALID_PERIOD);
        // the current hour may be booked: "now"
        Instant thisHour = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(book(alice, small, 1, thisHour, day(1)).start()).isEqualTo(thisHour);
        // admins book as the highest level, custom packages too
        ResourcePackage custom = new ResourcePackage(ResourcePackage.CUSTOM, new io.berth.core.resource.ResourceLimits(
                500, 1024), new io.berth.core.resource.ResourceLimits(500, 1024), 1, java.util.Map.of());
        assertThat(book(admin, custom, 1, day(1), day(20)).packageName()).isEqualTo("custom");
        assertCode(() -> book(alice, custom, 1, day(1), day(2)), ErrorCode.LEVEL_NOT_ALLOWED);
    }

    @Test
    void severalSpansAreBookedAllOrNone() {
        capacity(large.total());
        book(bob, large, 1, day(5), day(6));
        assertCode(() -> bookings.book(alice, new BookingService.BookingRequest("rack", large, 1,
                List.of(new Span(day(1), day(2)), new Span(day(5), day(6))))), ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(bookings.availability(alice, "rack", List.of("large"), day(1), day(2), ColumnWidth.DAY).grid()
                .count("large", 0)).isEqualTo(1);
        Booking both = bookings.book(alice, new BookingService.BookingRequest("rack", large, 1,
                List.of(new Span(day(3), day(4)), new Span(day(1), day(2)))));
        assertThat(both.spans()).containsExactly(new Span(day(1), day(2)), new Span(day(3), day(4)));
    }

    @Test
    void cancelledBookingsFreeTheirCapacityAndStayListed() {
        capacity(large.total());
        Booking mine = book(alice, large, 1, day(1), day(2));
        assertCode(() -> book(bob, large, 1, day(1), day(2)), ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(bookings.cancel(alice, mine.id()).status()).isEqualTo(BookingStatus.CANCELLED);
        assertCode(() -> bookings.cancel(alice, mine.id()), ErrorCode.BOOKING_NOT_ACTIVE);
        assertThat(bookings.bookings(alice, null)).extracting(Booking::status).containsExactly(BookingStatus.CANCELLED);
        assertThat(book(bob, large, 1, day(1), day(2)).owner()).isEqualTo(bob.account());
    }

    @Test
    void theQueueOffersFreedCapacityInOrderAndPassesExpiredOffersOn() {
        capacity(large.total());
        List<String> events = new ArrayList<>();
        bookings.addListener(new BookingListener() {
            @Override
            public void offered(QueueEntry entry, Booking held) {
                events.add("offered " + entry.account() + " " + held.status());
            }

            @Override
            public void offerExpired(QueueEntry entry) {
                events.add("expired " + entry.account());
            }
        });
        Instant thisHour = Instant.parse("2026-11-23T10:00:00Z");
        Booking bobs = book(bob, large, 1, thisHour, day(2));

        BookingService.QueuePosition first = bookings.joinQueue(alice, null, "large", Duration.ofDays(1));
        assertThat(first.position()).isEqualTo(1);
        assertThat(first.entry().status()).isEqualTo(QueueStatus.WAITING);
        clock.advance(Duration.ofSeconds(1));
        BookingService.QueuePosition second = bookings.joinQueue(carol, null, "large", Duration.ofDays(1));
        assertThat(second.position()).isEqualTo(2);
        assertCode(() -> bookings.joinQueue(alice, null, "large", Duration.ofDays(1)), ErrorCode.ALREADY_QUEUED);
        assertThat(events).isEmpty();

        bookings.cancel(bob, bobs.id());
        QueueEntry offered = bookings.queueEntry(alice, first.entry().id()).entry();
        assertThat(offered.status()).isEqualTo(QueueStatus.OFFERED);
        assertThat(offered.offerExpiresAt()).isEqualTo(NOW.plus(Duration.ofSeconds(1)).plus(Duration.ofMinutes(15)));
        assertThat(events).containsExactly("offered " + alice.account() + " HELD");
        // the held capacity is not for anyone else
        assertCode(() -> book(bob, large, 1, thisHour, day(1)), ErrorCode.CAPACITY_EXHAUSTED);
        assertThat(bookings.queueEntry(carol, second.entry().id()).position()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(16));
        assertCode(() -> bookings.acceptOffer(alice, first.entry().id()), ErrorCode.NO_OFFER);
        assertThat(bookings.maintainQueues()).isEqualTo(1);
        assertThat(bookings.queueEntry(alice, first.entry().id()).entry().status()).isEqualTo(QueueStatus.EXPIRED);
        BookingService.QueuePosition carols = bookings.queueEntry(carol, second.entry().id());
        assertThat(carols.entry().status()).isEqualTo(QueueStatus.OFFERED);
        assertThat(carols.position()).isEqualTo(1);
        assertThat(events).containsExactly("offered " + alice.account() + " HELD", "expired " + alice.account(),
                "offered " + carol.account() + " HELD");

        Booking accepted = bookings.acceptOffer(carol, second.entry().id());
        assertThat(accepted.status()).isEqualTo(BookingStatus.ACTIVE);
        assertThat(accepted.owner()).isEqualTo(carol.account());
        assertThat(accepted.spans()).containsExactly(new Span(thisHour, thisHour.plus(Duration.ofDays(1))));
        assertThat(bookings.queueEntry(carol, second.entry().id()).entry().status()).isEqualTo(QueueStatus.ACCEPTED);
        assertThat(bookings.queueOf(carol)).isEmpty();
        assertCode(() -> bookings.queueEntry(bob, second.entry().id()), ErrorCode.QUEUE_ENTRY_NOT_FOUND);
    }

    @Test
    void aRestartedServiceRebuildsItsIndexFromTheStore() {
        capacity(large.total().times(2));
        book(alice, large, 1, day(1), day(2));
        BookingService restarted = service();
        assertThat(restarted.availability(admin, "rack", List.of("large"), day(0), day(3), ColumnWidth.DAY).grid()
                .row("large").counts()).containsExactly(2, 1, 2);
    }

    @Test
    void aPoolAnotherProcessCreatedIsCaughtUpWithItsCapacity() {
        BookingService other = service();
        other.createPool(admin, "fresh", SharingMode.RESERVED);
        other.addCapacity(admin, "fresh", large.total(), TODAY, null);
        Booking made = other.book(alice, new BookingService.BookingRequest("fresh", large, 1,
                List.of(new Span(day(1), day(2)))));
        // this process has never seen the pool: cancelling catches up under the pool's lock
        assertThat(bookings.cancel(alice, made.id()).status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(bookings.availability(admin, "fresh", List.of("large"), day(1), day(2), ColumnWidth.DAY).grid()
                .count("large", 0)).isEqualTo(1);
        assertThat(book(bob, large, 1, day(1), day(2)).pool()).isIn(made.pool(),
                bookings.pool("rack").id());
    }

    @Test
    void anOfferCannotBeTakenBeyondTheLevelsLimitOfBookingsAtOnce() {
        capacity(large.total());
        Instant thisHour = Instant.parse("2026-11-23T10:00:00Z");
        Booking bobs = book(bob, large, 1, thisHour, day(1));
        book(alice, small, 1, day(3), day(4));
        book(alice, small, 1, day(5), day(6));
        BookingService.QueuePosition waiting = bookings.joinQueue(alice, null, "large", Duration.ofHours(5));
        bookings.cancel(bob, bobs.id());
        assertThat(bookings.queueEntry(alice, waiting.entry().id()).entry().status()).isEqualTo(QueueStatus.OFFERED);
        BerthException refused = (BerthException) org.assertj.core.api.Assertions.catchThrowable(
                () -> bookings.acceptOffer(alice, waiting.entry().id()));
        assertThat(refused.errorCode()).isEqualTo(ErrorCode.BOOKING_POLICY_VIOLATED);
        assertThat(refused.details()).containsEntry("rule", "max-concurrent");
        assertThat(bookings.queueEntry(alice, waiting.entry().id()).entry().status()).isEqualTo(QueueStatus.OFFERED);
    }

    @Test
    void threeLocalDaysAcrossTheAutumnChangeAreThreeDays() {
        MutableClock october = new MutableClock(Instant.parse("2026-10-20T08:00:00Z"));
        BookingService london = new BookingService(new InMemoryBookingStore(),
                BookingSettings.defaults(java.time.ZoneId.of("Europe/London")), october);
        london.createPool(admin, "rack", SharingMode.RESERVED);
        london.addCapacity(admin, "rack", large.total(), Instant.parse("2026-10-19T23:00:00Z"), null);
        // midnight 25 October (BST) to midnight 28 October (GMT): 73 hours
        Booking booked = london.book(alice, new BookingService.BookingRequest("rack", large, 1,
                List.of(new Span(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-28T00:00:00Z")))));
        assertThat(Duration.between(booked.start(), booked.end())).isEqualTo(Duration.ofHours(73));
        assertCode(() -> london.book(bob, new BookingService.BookingRequest("rack", large, 1,
                List.of(new Span(Instant.parse("2026-10-20T22:00:00Z"), Instant.parse("2026-10-24T00:00:00Z"))))),
                ErrorCode.BOOKING_POLICY_VIOLATED);
    }

    @Test
    void calendarFeedSecretsRotate() {
        String first = bookings.rotateFeedSecret(alice);
        assertThat(bookings.feedOwner(first)).contains(alice.account());
        String second = bookings.rotateFeedSecret(alice);
        assertThat(bookings.feedOwner(first)).isEmpty();
        assertThat(bookings.feedOwner(second)).contains(alice.account());
        assertThat(bookings.feedOwner("short")).isEmpty();
    }
}
