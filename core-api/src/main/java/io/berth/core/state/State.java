package io.berth.core.state;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle shared by commands, deployments and tasks. The numeric {@link #code()} is part of
 * the API.
 *
 * <p>Legal moves are the table in {@link #TRANSITIONS}; anything else is an
 * {@link IllegalTransitionException}, never a silent overwrite:
 * <pre>
 * INITIATED -> PENDING, FAILED, REMOVED   (REMOVED: withdrawn before it ran, kept for history)
 * PENDING   -> COMPLETED, FAILED, REMOVED (REMOVED: a removal finished)
 * COMPLETED -> PENDING                    (a configure or remove starts)
 * FAILED    -> PENDING                    (a configure or remove starts on a failed deployment)
 * REMOVED   -> (none)
 * </pre>
 */
public enum State {
    INITIATED(0),
    PENDING(1),
    COMPLETED(5),
    REMOVED(8),
    FAILED(9);

    private static final Map<State, Set<State>> TRANSITIONS;

    static {
        Map<State, Set<State>> table = new EnumMap<>(State.class);
        table.put(INITIATED, EnumSet.of(PENDING, FAILED, REMOVED));
        table.put(PENDING, EnumSet.of(COMPLETED, FAILED, REMOVED));
        table.put(COMPLETED, EnumSet.of(PENDING));
        table.put(FAILED, EnumSet.of(PENDING));
        table.put(REMOVED, EnumSet.noneOf(State.class));
        table.replaceAll((state, targets) -> Collections.unmodifiableSet(targets));
        TRANSITIONS = Collections.unmodifiableMap(table);
    }

    private final int code;

    State(int code) {
        this.code = code;
    }

    /** The numeric status flag of the API (0, 1, 5, 8, 9). */
    public int code() {
        return code;
    }

    /** Whether no further work is scheduled for an object in this state. */
    public boolean isTerminal() {
        return this == COMPLETED || this == REMOVED || this == FAILED;
    }

    /** The states this one may move to. */
    public Set<State> allowedTargets() {
        return TRANSITIONS.get(this);
    }

    public boolean canMoveTo(State target) {
        return TRANSITIONS.get(this).contains(target);
    }

    /**
     * Returns {@code target} when the move is legal.
     *
     * @throws IllegalTransitionException when the table does not allow it
     */
    public State moveTo(State target) {
        if (!canMoveTo(target)) {
            throw new IllegalTransitionException(this, target);
        }
        return target;
    }

    /**
     * The state with the given numeric code.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_STATE_CODE} for an unknown code
     */
    public static State fromCode(int code) {
        for (State state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new BerthException(ErrorCode.INVALID_STATE_CODE, "unknown state code " + code);
    }
}
