package io.berth.core;

import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCodeTest {

    @Test
    void codesAreUniqueAndKebabCase() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z]+(-[a-z0-9]+)*"));
    }
}
