package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Availability of one pool over hour slots: per resource dimension, the value at a slot is the sum of every
 * change applied to it (capacity adds a positive amount, a reservation a negative one), so it is what is
 * still free.
 *
 * <p>Each dimension is a segment tree with range add and range minimum over a window of slots
 * {@code [firstSlot, firstSlot + windowSize())}, the window size a power of two. The window grows (doubling,
 * values kept) when a change reaches outside it. Outside the window the values are known without storing
 * them: 0 before it, and after it the sum of the open-ended changes ({@link #addFrom}), all of which start
 * inside the window. That is how open-ended capacity stays correct when the window grows: the new slots to
 * the right simply take that sum. A dimension appears when a change first mentions it, with 0 everywhere.
 *
 * <p>The past can be forgotten ({@link #forgetBefore}): slots before the forgotten mark read 0 from then on,
 * and changes there are dropped, so the window only has to span what is still bookable.
 *
 * <p>Changes and the minimum of a range cost O(log n) per dimension involved (n the window size), growth
 * O(n) per dimension, amortized over the doublings.
 *
 * <p>Not thread-safe for changes. Queries never modify the structure, so any number of threads may query at
 * once while no thread changes it; {@link AvailabilityIndex} arranges that.
 */
public final class CapacityTimeline {
    /** Window size of a new timeline: a quarter year of hours, rounded to a power of two. */
    static final int INITIAL_WINDOW = 2048;
    /** The widest window, about 239 years of hours (32 MiB per dimension). */
    public static final int MAX_WINDOW = 1 << 21;
    private static final long NONE = Long.MIN_VALUE;

    private final Map<String, MinTree> trees = new TreeMap<>();
    private ResourceVector openEnded = ResourceVector.zero();
    private final int initialWindow;
    private long firstSlot;
    private int windowSize;
    /** Slots before this one are forgotten: they read 0 and changes there are dropped. */
    private long forgottenBefore = Long.MIN_VALUE;

    /** An empty timeline: zero in every dimension at every slot. */
    public CapacityTimeline() {
        this(INITIAL_WINDOW);
    }

    /** A timeline whose first window has {@code initialWindow} slots (a power of two); tests use tiny ones. */
    CapacityTimeline(int initialWindow) {
        if (Integer.bitCount(initialWindow) != 1 || initialWindow > MAX_WINDOW) {
            throw new IllegalArgumentException("initial window must be a power of two up to " + MAX_WINDOW);
        }
        this.initialWindow = initialWindow;
    }

    /** The first slot of the stored window (meaningless while {@link #windowSize()} is 0). */
    public long firstSlot() {
        return firstSlot;
    }

    /** The number of stored slots per dimension; 0 before the first change. */
    public int windowSize() {
        return windowSize;
    }

    /** The dimensions a change has mentioned. */
    public Set<String> dimensions() {
        return Collections.unmodifiableSet(trees.keySet());
    }

    /** The sum of the open-ended changes: the value of every slot after the window. */
    public ResourceVector openEnded() {
        return openEnded;
    }

    /** Bytes held by the trees' arrays. */
    public long memoryBytes() {
        return (long) trees.size() * 2L * windowSize * Long.BYTES;
    }

    /**
     * Adds {@code delta} to every slot of {@code [fromSlot, toSlot)}; nothing when the range is empty.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} when {@code toSlot < fromSlot} or the
     *                        window would have to grow past {@link #MAX_WINDOW}
     */
    public void add(ResourceVector delta, long fromSlot, long toSlot) {
        requireNonNull(delta, "delta is null");
        checkRange(fromSlot, toSlot);
        long start = Math.max(fromSlot, forgottenBefore);
        if (start >= toSlot || delta.isZero()) {
            return;
        }
        cover(start, toSlot);
        int from = (int) (start - firstSlot);
        int to = (int) (toSlot - firstSlot);
        delta.amounts().forEach((dimension, amount) -> tree(dimension).add(from, to, amount));
    }

    /**
     * Adds {@code delta} to every slot from {@code fromSlot} on, without end. Adding the negated delta with
     * the same {@code fromSlot} undoes it.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} when the window would have to grow past
     *                        {@link #MAX_WINDOW}
     */
    public void addFrom(ResourceVector delta, long fromSlot) {
        requireNonNull(delta, "delta is null");
        if (delta.isZero()) {
            return;
        }
        long start = Math.max(fromSlot, forgottenBefore);
        cover(start, start + 1);
        int from = (int) (start - firstSlot);
        delta.amounts().forEach((dimension, amount) -> tree(dimension).add(from, windowSize, amount));
        openEnded = openEnded.plus(delta);
    }

    /**
     * Forgets every slot before {@code slot}: from now on they read 0 and changes there are dropped (a change
     * reaching across the mark keeps its part after it). The window shrinks to start at {@code slot} when
     * it started before. Forgetting less than before does nothing.
     */
    public void forgetBefore(long slot) {
        if (slot <= forgottenBefore) {
            return;
        }
        forgottenBefore = slot;
        if (windowSize == 0 || slot <= firstSlot) {
            return;
        }
        // Keep up to the last slot that differs from what follows the window; the rest is implied.
        Map<String, long[]> values = new HashMap<>();
        long lastDifferent = slot;
        for (Map.Entry<String, MinTree> entry : trees.entrySet()) {
            long[] stored = entry.getValue().values();
            long right = openEnded.get(entry.getKey());
            for (int i = stored.length - 1; i >= 0 && firstSlot + i > lastDifferent; i--) {
                if (stored[i] != right) {
                    lastDifferent = firstSlot + i;
                }
            }
            values.put(entry.getKey(), stored);
        }
        int size = (int) Math.max(initialWindow, powerOfTwoAtLeast(lastDifferent + 1 - slot));
        boolean allForgotten = slot >= firstSlot + windowSize;
        int offset = allForgotten ? 0 : (int) (firstSlot - slot);
        Map<String, MinTree> kept = new HashMap<>();
        values.forEach((dimension, stored) -> kept.put(dimension,
                new MinTree(size, allForgotten ? new long[0] : stored, offset, 0, openEnded.get(dimension))));
        trees.putAll(kept);
        firstSlot = slot;
        windowSize = size;
    }

    /** The first slot not forgotten; {@link Long#MIN_VALUE} when nothing is. */
    public long forgottenBefore() {
        return forgottenBefore;
    }

    private MinTree tree(String dimension) {
        return trees.computeIfAbsent(dimension, d -> new MinTree(windowSize));
    }

    /** Makes the window contain {@code [fromSlot, toSlot)}, growing it when needed. */
    private void cover(long fromSlot, long toSlot) {
        if (windowSize == 0) {
            long size = Math.max(initialWindow, powerOfTwoAtLeast(toSlot - fromSlot));
            checkWindow(size);
            firstSlot = fromSlot;
            windowSize = (int) size;
            return;
        }
        long end = firstSlot + windowSize;
        if (fromSlot >= firstSlot && toSlot <= end) {
            return;
        }
        long newEnd = Math.max(end, toSlot);
        long newStart = Math.min(firstSlot, fromSlot);
        long grownSize = windowSize;
        while (grownSize < newEnd - newStart) {
            grownSize *= 2;
            checkWindow(grownSize);
        }
        int size = (int) grownSize;
        // Leave the slack on the side that grew, so that repeated growth in one direction stays amortized.
        long newFirst = fromSlot < firstSlot ? newEnd - size : firstSlot;
        int offset = (int) (firstSlot - newFirst);
        Map<String, MinTree> grown = new HashMap<>();
        trees.forEach((dimension, tree) ->
                grown.put(dimension, new MinTree(size, tree.values(), offset, 0, openEnded.get(dimension))));
        trees.putAll(grown);
        firstSlot = newFirst;
        windowSize = size;
    }

    private static long powerOfTwoAtLeast(long n) {
        return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
    }

    private static void checkWindow(long size) {
        if (size > MAX_WINDOW) {
            throw new BerthException(ErrorCode.INVALID_PERIOD,
                    "periods of one pool may not spread over more than " + MAX_WINDOW + " hours");
        }
    }

    private static void checkRange(long fromSlot, long toSlot) {
        if (toSlot < fromSlot) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "slot range ends before it starts: " + fromSlot + ".." + toSlot);
        }
    }

    private static void checkQuery(long fromSlot, long toSlot) {
        if (toSlot <= fromSlot) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "slot range is empty: " + fromSlot + ".." + toSlot);
        }
    }

    /** The value of {@code dimension} at {@code slot}. */
    public long valueAt(String dimension, long slot) {
        return min(dimension, slot, slot + 1);
    }

    /**
     * The minimum of {@code dimension} over {@code [fromSlot, toSlot)} (0 for a dimension never mentioned).
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} when the range is empty
     */
    public long min(String dimension, long fromSlot, long toSlot) {
        checkQuery(fromSlot, toSlot);
        MinTree tree = trees.get(dimension);
        if (tree == null) {
            return 0;
        }
        long end = firstSlot + windowSize;
        long min = Long.MAX_VALUE;
        if (fromSlot < firstSlot) {
            min = 0;
        }
        if (toSlot > end) {
            min = Math.min(min, openEnded.get(dimension));
        }
        long from = Math.max(fromSlot, firstSlot);
        long to = Math.min(toSlot, end);
        if (from < to) {
            min = Math.min(min, tree.min((int) (from - firstSlot), (int) (to - firstSlot)));
        }
        return min;
    }

    /**
     * Per dimension, the minimum over {@code [fromSlot, toSlot)}, for every dimension mentioned so far (those
     * whose minimum is 0 are simply absent from the vector).
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} when the range is empty
     */
    public ResourceVector minAvailable(long fromSlot, long toSlot) {
        checkQuery(fromSlot, toSlot);
        Map<String, Long> mins = new HashMap<>();
        for (String dimension : trees.keySet()) {
            mins.put(dimension, min(dimension, fromSlot, toSlot));
        }
        return ResourceVector.signed(mins);
    }

    /** Whether {@code need} fits at every slot of {@code [fromSlot, toSlot)}. */
    public boolean fits(ResourceVector need, long fromSlot, long toSlot) {
        checkQuery(fromSlot, toSlot);
        for (Map.Entry<String, Long> entry : need.amounts().entrySet()) {
            if (min(entry.getKey(), fromSlot, toSlot) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** How many copies of {@code unit} fit at every slot of {@code [fromSlot, toSlot)}; see {@link ResourceVector#timesFitting}. */
    public long countFitting(ResourceVector unit, long fromSlot, long toSlot) {
        checkQuery(fromSlot, toSlot);
        long count = Long.MAX_VALUE;
        for (Map.Entry<String, Long> entry : unit.amounts().entrySet()) {
            long amount = entry.getValue();
            if (amount < 0) {
                throw new BerthException(ErrorCode.INVALID_RESOURCES, "cannot fit a negative amount: " + unit);
            }
            long available = min(entry.getKey(), fromSlot, toSlot);
            count = Math.min(count, available <= 0 ? 0 : available / amount);
            if (count == 0) {
                break;
            }
        }
        return count;
    }

    /** The first slot of {@code [fromSlot, toSlot)} where {@code dimension} is below {@code threshold}. */
    public OptionalLong firstBelow(String dimension, long fromSlot, long toSlot, long threshold) {
        long found = firstBelowOrNone(dimension, fromSlot, toSlot, threshold);
        return found == NONE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The last slot of {@code [fromSlot, toSlot)} where {@code dimension} is below {@code threshold}. */
    public OptionalLong lastBelow(String dimension, long fromSlot, long toSlot, long threshold) {
        long found = lastBelowOrNone(dimension, fromSlot, toSlot, threshold);
        return found == NONE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    private long firstBelowOrNone(String dimension, long fromSlot, long toSlot, long threshold) {
        if (toSlot <= fromSlot) {
            return NONE;
        }
        MinTree tree = trees.get(dimension);
        if (tree == null) {
            return 0 < threshold ? fromSlot : NONE;
        }
        long end = firstSlot + windowSize;
        if (fromSlot < firstSlot && 0 < threshold) {
            return fromSlot;
        }
        long from = Math.max(fromSlot, firstSlot);
        long to = Math.min(toSlot, end);
        if (from < to) {
            int found = tree.firstBelow((int) (from - firstSlot), (int) (to - firstSlot), threshold);
            if (found != MinTree.NONE) {
                return firstSlot + found;
            }
        }
        if (toSlot > end && openEnded.get(dimension) < threshold) {
            return Math.max(fromSlot, end);
        }
        return NONE;
    }

    private long lastBelowOrNone(String dimension, long fromSlot, long toSlot, long threshold) {
        if (toSlot <= fromSlot) {
            return NONE;
        }
        MinTree tree = trees.get(dimension);
        if (tree == null) {
            return 0 < threshold ? toSlot - 1 : NONE;
        }
        long end = firstSlot + windowSize;
        if (toSlot > end && openEnded.get(dimension) < threshold) {
            return toSlot - 1;
        }
        long from = Math.max(fromSlot, firstSlot);
        long to = Math.min(toSlot, end);
        if (from < to) {
            int found = tree.lastBelow((int) (from - firstSlot), (int) (to - firstSlot), threshold);
            if (found != MinTree.NONE) {
                return firstSlot + found;
            }
        }
        if (fromSlot < firstSlot && 0 < threshold) {
            return Math.min(toSlot, firstSlot) - 1;
        }
        return NONE;
    }

    /**
     * The earliest slot {@code s >= notBefore} with {@code s + length <= latestEnd} such that {@code need}
     * fits at every slot of {@code [s, s + length)}.
     *
     * <p>Walks forward without testing every candidate: for a candidate window it finds, per dimension, the
     * last slot of the window where the need does not fit (a descent of the tree), and the next candidate
     * starts just after the latest of those. Each step costs O(d log n) and passes either a whole window
     * or a whole run of slots that do not fit.
     *
     * @param length slots, at least 1
     */
    public OptionalLong earliestStart(ResourceVector need, long length, long notBefore, long latestEnd) {
        requireNonNull(need, "need is null");
        if (length < 1) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a booking lasts at least one slot: " + length);
        }
        long start = notBefore;
        while (start <= latestEnd - length) {
            long lastMisfit = NONE;
            for (Map.Entry<String, Long> entry : need.amounts().entrySet()) {
                lastMisfit = Math.max(lastMisfit, lastBelowOrNone(entry.getKey(), start, start + length, entry.getValue()));
            }
            if (lastMisfit == NONE) {
                return OptionalLong.of(start);
            }
            start = lastMisfit + 1;
        }
        return OptionalLong.empty();
    }

    /**
     * The latest {@code end <= wantedEnd} such that {@code need} fits at every slot of {@code [from, end)};
     * {@code from} when it does not fit at {@code from} (or {@code wantedEnd <= from}).
     */
    public long longestEnd(ResourceVector need, long from, long wantedEnd) {
        requireNonNull(need, "need is null");
        if (wantedEnd <= from) {
            return from;
        }
        long end = wantedEnd;
        for (Map.Entry<String, Long> entry : need.amounts().entrySet()) {
            long misfit = firstBelowOrNone(entry.getKey(), from, end, entry.getValue());
            if (misfit != NONE) {
                end = misfit;
            }
        }
        return end;
    }
}
