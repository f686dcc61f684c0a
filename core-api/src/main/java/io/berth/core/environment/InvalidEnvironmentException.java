package io.berth.core.environment;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.List;
import java.util.Map;

/**
 * An environment document that breaks the schema or the rules of {@link EnvironmentSpec}, with every
 * violation found. Its code is {@link ErrorCode#INVALID_ENVIRONMENT}; its {@link #details()} name the first
 * field at fault as {@code field}.
 */
public final class InvalidEnvironmentException extends BerthException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 5;

    /** Transient: violations are for the answer to a request, as the details are. */
    private final transient List<EnvironmentViolation> violations;

    /** @param violations at least one; copied */
    public InvalidEnvironmentException(List<EnvironmentViolation> violations) {
        super(ErrorCode.INVALID_ENVIRONMENT, message(violations), Map.of("field", first(violations).path()));
        this.violations = List.copyOf(violations);
    }

    /** Every violation, in document order as far as it was found; never empty. */
    public List<EnvironmentViolation> violations() {
        return violations == null ? List.of() : violations;
    }

    private static EnvironmentViolation first(List<EnvironmentViolation> violations) {
        if (violations == null || violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid environment needs at least one violation");
        }
        return violations.get(0);
    }

    private static String message(List<EnvironmentViolation> violations) {
        first(violations);
        StringBuilder message = new StringBuilder("the environment document is invalid: ");
        for (int i = 0; i < Math.min(SHOWN, violations.size()); i++) {
            if (i > 0) {
                message.append("; ");
            }
            message.append(violations.get(i));
        }
        if (violations.size() > SHOWN) {
            message.append("; and ").append(violations.size() - SHOWN).append(" more");
        }
        return message.toString();
    }
}
