package io.berth.platform.signin;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Counts attempts per key (an email address, an account, a client address) in a sliding window, in memory.
 *
 * <p>Kept per process on purpose: a throttle must answer before the database does any work for an attacker, and
 * counting in the store would turn every failed login into a write. With several server processes an attacker
 * gets the limit once per process, which still bounds guessing to a few dozen attempts per window. Thread safe.
 */
final class Throttle {
    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    Throttle(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Refuses when any key has used up its attempts.
     *
     * @throws BerthException TOO_MANY_ATTEMPTS with the detail {@code retryAfterSeconds}
     */
    void check(String... keys) {
        Instant now = clock.instant();
        long wait = 0;
        for (String key : keys) {
            if (key == null) {
                continue;
            }
            Deque<Instant> times = attempts.get(key);
            if (times == null) {
                continue;
            }
            synchronized (times) {
                expire(times, now);
                if (times.size() >= max) {
                    wait = Math.max(wait, Duration.between(now, times.peekFirst().plus(window)).toSeconds() + 1);
                }
            }
        }
        if (wait > 0) {
            throw new BerthException(ErrorCode.TOO_MANY_ATTEMPTS, "too many attempts; try again in " + wait
                    + " seconds", Map.of("retryAfterSeconds", Long.toString(wait)));
        }
    }

    /** Counts one attempt against every key. */
    void record(String... keys) {
        Instant now = clock.instant();
        for (String key : keys) {
            if (key == null) {
                continue;
            }
            Deque<Instant> times = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                expire(times, now);
                times.addLast(now);
            }
        }
    }

    /** Checks, then counts: for attempts that count whether they succeed or not (mail sent, accounts made). */
    void acquire(String... keys) {
        check(keys);
        record(keys);
    }

    /** Forgets a key's attempts (a successful login clears its account's count). */
    void reset(String key) {
        attempts.remove(key);
    }

    /**
     * Drops windows that have passed; called by the maintenance job. Memory is bounded by the attempts of one
     * window; nothing is forgotten early, since forgetting on pressure would let a flood of addresses reset the
     * counts of the one under attack.
     */
    void prune() {
        Instant now = clock.instant();
        attempts.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                expire(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
    }

    private void expire(Deque<Instant> times, Instant now) {
        Instant start = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(start)) {
            times.removeFirst();
        }
    }
}
