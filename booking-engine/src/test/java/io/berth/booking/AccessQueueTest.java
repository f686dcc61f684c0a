package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.berth.booking.Fixtures.assertFails;
import static io.berth.booking.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

class AccessQueueTest {
    private static final Duration HOLD = Duration.ofMinutes(30);
    private final PoolId pool = PoolId.random();
    private final AccessQueue queue = new AccessQueue(pool, "large");
    private final AccountId ann = AccountId.random();
    private final AccountId ben = AccountId.random();
    private final AccountId cat = AccountId.random();
    private final Instant t0 = at("2026-05-25T10:00:00Z");

    @Test
    void positionsFollowTheJoinOrder() {
        QueueEntry a = queue.join(ann, t0);
        QueueEntry b = queue.join(ben, t0.plusSeconds(1));
        QueueEntry c = queue.join(cat, t0.plusSeconds(2));
        assertThat(a.status()).isEqualTo(QueueStatus.WAITING);
        assertThat(a.pool()).isEqualTo(pool);
        assertThat(a.packageName()).isEqualTo("large");
        assertThat(List.of(queue.position(a.id()), queue.position(b.id()), queue.position(c.id()))).containsExactly(1, 2, 3);
        assertFails(ErrorCode.ALREADY_QUEUED, () -> queue.join(ben, t0.plusSeconds(3)))
                .withMessageContaining("at position 2");

        assertThat(queue.leave(b.id()).status()).isEqualTo(QueueStatus.LEFT);
        assertThat(queue.position(b.id())).isZero();
        assertThat(queue.position(c.id())).isEqualTo(2);
        assertThat(queue.leave(b.id()).status()).isEqualTo(QueueStatus.LEFT);
        QueueEntry again = queue.join(ben, t0.plusSeconds(4));
        assertThat(queue.position(again.id())).isEqualTo(3);
        assertFails(ErrorCode.QUEUE_ENTRY_NOT_FOUND, () -> queue.position(QueueEntryId.random()));
    }

    @Test
    void oneOfferAtATimeThatPassesOnWhenItLapses() {
        QueueEntry a = queue.join(ann, t0);
        QueueEntry b = queue.join(ben, t0.plusSeconds(1));
        QueueEntry offered = queue.offerNext(t0.plusSeconds(60), HOLD).orElseThrow();
        assertThat(offered.id()).isEqualTo(a.id());
        assertThat(offered.status()).isEqualTo(QueueStatus.OFFERED);
        assertThat(offered.offerExpiresAt()).isEqualTo(t0.plusSeconds(60).plus(HOLD));
        assertThat(queue.offerNext(t0.plusSeconds(61), HOLD)).isEmpty();
        assertThat(queue.position(a.id())).isEqualTo(1);
        assertFails(ErrorCode.ALREADY_QUEUED, () -> queue.join(ann, t0.plusSeconds(62)));

        assertThat(queue.expireOffers(offered.offerExpiresAt().minusNanos(1))).isEmpty();
        // past the expiry but not yet expired: still outstanding, and cannot be accepted
        assertThat(queue.offerNext(offered.offerExpiresAt(), HOLD)).isEmpty();
        assertFails(ErrorCode.NO_OFFER, () -> queue.accept(a.id(), offered.offerExpiresAt()))
                .withMessageContaining("lapsed at");

        List<QueueEntry> expired = queue.expireOffers(offered.offerExpiresAt());
        assertThat(expired).extracting(QueueEntry::id).containsExactly(a.id());
        assertThat(expired.get(0).status()).isEqualTo(QueueStatus.EXPIRED);
        assertThat(expired.get(0).offerExpiresAt()).isNull();
        assertThat(queue.position(a.id())).isZero();
        assertThat(queue.position(b.id())).isEqualTo(1);

        QueueEntry next = queue.offerNext(offered.offerExpiresAt(), HOLD).orElseThrow();
        assertThat(next.id()).isEqualTo(b.id());
        assertFails(ErrorCode.NO_OFFER, () -> queue.accept(a.id(), offered.offerExpiresAt()));
        QueueEntry accepted = queue.accept(b.id(), next.offerExpiresAt().minusSeconds(1));
        assertThat(accepted.status()).isEqualTo(QueueStatus.ACCEPTED);
        assertThat(queue.line()).isEmpty();
        assertThat(queue.offerNext(next.offerExpiresAt(), HOLD)).isEmpty();
        assertThat(queue.entries()).extracting(QueueEntry::status).containsExactly(QueueStatus.EXPIRED, QueueStatus.ACCEPTED);
    }

    @Test
    void leavingWithAnOfferFreesItForTheNext() {
        QueueEntry a = queue.join(ann, t0);
        QueueEntry b = queue.join(ben, t0.plusSeconds(1));
        queue.offerNext(t0, HOLD);
        assertFails(ErrorCode.NO_OFFER, () -> queue.accept(b.id(), t0));
        queue.leave(a.id());
        assertThat(queue.offerNext(t0.plusSeconds(5), HOLD)).map(QueueEntry::id).contains(b.id());
    }

    @Test
    void offersMayBeBackedByAHeldBooking() {
        QueueEntry a = queue.join(ann, Duration.ofDays(2), t0);
        assertThat(a.length()).isEqualTo(Duration.ofDays(2));
        assertThat(a.booking()).isNull();
        assertThat(queue.nextWaiting()).contains(a);
        BookingId held = BookingId.random();
        QueueEntry offered = queue.offerNext(t0, HOLD, held).orElseThrow();
        assertThat(offered.booking()).isEqualTo(held);
        assertThat(queue.nextWaiting()).isEmpty();
        QueueEntry accepted = queue.accept(a.id(), t0.plusSeconds(10));
        assertThat(accepted.booking()).isEqualTo(held);
        assertThat(accepted.offerExpiresAt()).isNull();
        assertThat(accepted.withStatus(QueueStatus.WAITING).booking()).isNull();
        assertFails(ErrorCode.INVALID_REQUEST, () -> queue.join(ben, Duration.ZERO, t0));
    }

    @Test
    void restoredQueuesKeepTheirOrderAndOffers() {
        QueueEntry a = queue.join(ann, t0);
        QueueEntry b = queue.join(ben, t0.plusSeconds(1));
        QueueEntry c = queue.join(cat, t0.plusSeconds(2));
        queue.offerNext(t0.plusSeconds(3), HOLD);
        queue.leave(b.id());
        AccessQueue restored = AccessQueue.restore(List.of(c, queue.entry(b.id()), queue.entry(a.id())));
        assertThat(restored.entries()).isEqualTo(queue.entries());
        assertThat(restored.position(c.id())).isEqualTo(2);
        assertThat(restored.offerNext(t0.plusSeconds(4), HOLD)).isEmpty();
        assertThat(restored.accept(a.id(), t0.plusSeconds(5)).status()).isEqualTo(QueueStatus.ACCEPTED);
        assertThat(AccessQueue.restore(pool, "large", List.of()).entries()).isEmpty();
        assertFails(ErrorCode.INVALID_REQUEST, () -> AccessQueue.restore(List.of()));
        assertFails(ErrorCode.INVALID_REQUEST, () -> AccessQueue.restore(pool, "small", List.of(c)));
        QueueEntry twin = new QueueEntry(QueueEntryId.random(), pool, "large", cat, t0, QueueStatus.WAITING, null);
        assertFails(ErrorCode.INVALID_REQUEST, () -> AccessQueue.restore(List.of(c, twin)));
    }
}
