package io.berth.booking;

/**
 * A segment tree over {@code size} (a power of two) longs with range add and range minimum, in one array.
 *
 * <p>Node {@code k} holds the minimum of its subtree <em>including</em> the adds applied to the node itself
 * and not pushed down ("mark permanence"); the node's own pending add is therefore
 * {@code t[k] - min(t[2k], t[2k+1])} and needs no second array. Nothing is ever pushed down, so every query
 * only reads: concurrent readers need no exclusion among themselves.
 */
final class MinTree {
    static final int NONE = -1;

    private final int size;
    private final long[] t;

    /** A tree of zeros. */
    MinTree(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        this.size = size;
        this.t = new long[2 * size];
    }

    /** A tree over {@code size} values: {@code leaves[i]} at {@code offset + i}, {@code left} before, {@code right} after. */
    MinTree(int size, long[] leaves, int offset, long left, long right) {
        this(size);
        for (int i = 0; i < size; i++) {
            int j = i - offset;
            t[size + i] = j < 0 ? left : j < leaves.length ? leaves[j] : right;
        }
        for (int k = size - 1; k >= 1; k--) {
            t[k] = Math.min(t[2 * k], t[2 * k + 1]);
        }
    }

    int size() {
        return size;
    }

    /** Adds {@code delta} to the values {@code [from, to)}. */
    void add(int from, int to, long delta) {
        if (from < to && delta != 0) {
            add(1, 0, size, from, to, delta);
        }
    }

    private void add(int node, int lo, int hi, int from, int to, long delta) {
        if (from <= lo && hi <= to) {
            t[node] += delta;
            return;
        }
        int left = 2 * node;
        int right = left + 1;
        int mid = (lo + hi) >>> 1;
        long own = t[node] - Math.min(t[left], t[right]);
        if (from < mid) {
            add(left, lo, mid, from, to, delta);
        }
        if (to > mid) {
            add(right, mid, hi, from, to, delta);
        }
        t[node] = own + Math.min(t[left], t[right]);
    }

    /** The minimum of {@code [from, to)}, which must not be empty. */
    long min(int from, int to) {
        return min(1, 0, size, from, to);
    }

    private long min(int node, int lo, int hi, int from, int to) {
        if (from <= lo && hi <= to) {
            return t[node];
        }
        int left = 2 * node;
        int right = left + 1;
        int mid = (lo + hi) >>> 1;
        long own = t[node] - Math.min(t[left], t[right]);
        long min;
        if (to <= mid) {
            min = min(left, lo, mid, from, to);
        } else if (from >= mid) {
            min = min(right, mid, hi, from, to);
        } else {
            min = Math.min(min(left, lo, mid, from, to), min(right, mid, hi, from, to));
        }
        return own + min;
    }

    /** The first index in {@code [from, to)} whose value is below {@code threshold}; {@link #NONE} if none. */
    int firstBelow(int from, int to, long threshold) {
        return from < to ? firstBelow(1, 0, size, from, to, threshold, 0) : NONE;
    }

    private int firstBelow(int node, int lo, int hi, int from, int to, long threshold, long above) {
        if (t[node] + above >= threshold) {
            return NONE;
        }
        if (hi - lo == 1) {
            return lo;
        }
        int left = 2 * node;
        int right = left + 1;
        int mid = (lo + hi) >>> 1;
        long inherited = above + t[node] - Math.min(t[left], t[right]);
        if (from < mid) {
            int found = firstBelow(left, lo, mid, from, to, threshold, inherited);
            if (found != NONE) {
                return found;
            }
        }
        return to > mid ? firstBelow(right, mid, hi, from, to, threshold, inherited) : NONE;
    }

    /** The last index in {@code [from, to)} whose value is below {@code threshold}; {@link #NONE} if none. */
    int lastBelow(int from, int to, long threshold) {
        return from < to ? lastBelow(1, 0, size, from, to, threshold, 0) : NONE;
    }

    private int lastBelow(int node, int lo, int hi, int from, int to, long threshold, long above) {
        if (t[node] + above >= threshold) {
            return NONE;
        }
        if (hi - lo == 1) {
            return lo;
        }
        int left = 2 * node;
        int right = left + 1;
        int mid = (lo + hi) >>> 1;
        long inherited = above + t[node] - Math.min(t[left], t[right]);
        if (to > mid) {
            int found = lastBelow(right, mid, hi, from, to, threshold, inherited);
            if (found != NONE) {
                return found;
            }
        }
        return from < mid ? lastBelow(left, lo, mid, from, to, threshold, inherited) : NONE;
    }

    /** Every value, in order. */
    long[] values() {
        long[] values = new long[size];
        collect(1, 0, size, 0, values);
        return values;
    }

    private void collect(int node, int lo, int hi, long above, long[] values) {
        if (hi - lo == 1) {
            values[lo] = above + t[node];
            return;
        }
        int left = 2 * node;
        int right = left + 1;
        int mid = (lo + hi) >>> 1;
        long inherited = above + t[node] - Math.min(t[left], t[right]);
        collect(left, lo, mid, inherited, values);
        collect(right, mid, hi, inherited, values);
    }
}
