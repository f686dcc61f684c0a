package io.berth.core.state;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

/** A move that the transition table of {@link State} does not allow. */
public final class IllegalTransitionException extends BerthException {
    private static final long serialVersionUID = 1L;

    private final State from;
    private final State to;

    public IllegalTransitionException(State from, State to) {
        super(ErrorCode.ILLEGAL_TRANSITION, "illegal transition " + from + "(" + from.code() + ") -> "
                + to + "(" + to.code() + "); allowed from " + from + ": " + from.allowedTargets());
        this.from = from;
        this.to = to;
    }

    public State from() {
        return from;
    }

    public State to() {
        return to;
    }
}
