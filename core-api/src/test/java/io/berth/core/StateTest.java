package io.berth.core;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.state.IllegalTransitionException;
import io.berth.core.state.State;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateTest {

    @Test
    void codesArePartOfTheApi() {
        assertThat(State.values()).extracting(State::code).containsExactly(0, 1, 5, 8, 9);
        for (State state : State.values()) {
            assertThat(State.fromCode(state.code())).isSameAs(state);
        }
        assertThatThrownBy(() -> State.fromCode(2)).isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.INVALID_STATE_CODE);
    }

    @Test
    void theTransitionTableIsExactlyThis() {
        List<String> legal = new ArrayList<>();
        for (State from : State.values()) {
            for (State to : State.values()) {
                if (from.canMoveTo(to)) {
                    legal.add(from + "->" + to);
                }
            }
        }
        assertThat(legal).containsExactly(
                "INITIATED->PENDING", "INITIATED->REMOVED", "INITIATED->FAILED",
                "PENDING->COMPLETED", "PENDING->REMOVED", "PENDING->FAILED",
                "COMPLETED->PENDING",
                "FAILED->PENDING");
    }

    @Test
    void anIllegalMoveThrowsATypedException() {
        assertThatThrownBy(() -> State.REMOVED.moveTo(State.PENDING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("REMOVED(8) -> PENDING(1)")
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
        assertThatThrownBy(() -> State.COMPLETED.moveTo(State.COMPLETED)).isInstanceOf(IllegalTransitionException.class);
        assertThat(State.PENDING.moveTo(State.COMPLETED)).isEqualTo(State.COMPLETED);
    }

    @Test
    void terminalStates() {
        assertThat(State.values()).filteredOn(State::isTerminal)
                .containsExactly(State.COMPLETED, State.REMOVED, State.FAILED);
    }
}
