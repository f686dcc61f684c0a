package io.berth.server;

import io.berth.booking.Pool;
import io.berth.booking.SharingMode;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.resource.ResourcePackage;
import io.berth.core.resource.ResourceVector;
import io.berth.platform.booking.BookingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The demo pools of a fresh installation, made only while there are no pools: {@code shared} (where level-0
 * accounts run), and {@code reserved}, a bookable pool with room for two large packages and a few smaller ones;
 * the demo team has booked both large ones for the coming week, so that large shows as taken and its queue can
 * be tried.
 */
final class DemoBooking {
    static final String SHARED_POOL = "shared";
    static final String RESERVED_POOL = "reserved";
    private static final Logger LOG = LoggerFactory.getLogger(DemoBooking.class);
    /** The demo team's bookings belong to a fixed account id, which no real account has. */
    private static final Principal DEMO_TEAM = new Principal(new AccountId(new UUID(0, 1)), "demo-team", Role.ADMIN);

    private DemoBooking() {
    }

    /** @return whether the demo pools were made now */
    static boolean install(BookingService bookings) {
        if (!bookings.pools().isEmpty()) {
            return false;
        }
        LocalDate today = bookings.calendar().dayOf(bookings.clock().instant());
        ResourcePackage large = bookings.packageNamed("large");
        Pool shared;
        try {
            shared = bookings.createPool(DEMO_TEAM, SHARED_POOL, SharingMode.SHARED);
        } catch (io.berth.core.error.BerthException e) {
            if (e.errorCode() == io.berth.core.error.ErrorCode.POOL_EXISTS) {
                // another process starting on the same fresh database made the demo pools
                return false;
            }
            throw e;
        }
        bookings.addCapacity(DEMO_TEAM, shared.name(), ResourceVector.of(32_000, 128 * 1024, 1000),
                bookings.calendar().startOfDay(today), null);
        Pool reserved = bookings.createPool(DEMO_TEAM, RESERVED_POOL, SharingMode.RESERVED);
        // Room for two large packages, a medium and two small ones, with no end.
        ResourceVector room = large.total().times(2).plus(bookings.packageNamed("medium").total())
                .plus(bookings.packageNamed("small").total().times(2));
        bookings.addCapacity(DEMO_TEAM, reserved.name(), room, bookings.calendar().startOfDay(today), null);
        bookings.book(DEMO_TEAM, new BookingService.BookingRequest(reserved.name(), large, 2,
                List.of(new Span(bookings.calendar().startOf(bookings.calendar().slotOf(bookings.clock().instant())),
                        bookings.calendar().startOfDay(today.plusDays(7))))));
        LOG.info("demo booking: created pools '{}' and '{}'; two large packages are booked for the coming week",
                SHARED_POOL, RESERVED_POOL);
        return true;
    }
}
