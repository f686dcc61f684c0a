package io.berth.client;

import static java.util.Objects.requireNonNull;

/**
 * The answer to a submitted command.
 *
 * @param command  the command the server accepted
 * @param replayed {@code true} when the idempotency key had been used before with the same body, so
 *                 {@code command} is the one created by that first request and nothing new was started
 */
public record Submission(CommandView command, boolean replayed) {

    public Submission {
        requireNonNull(command, "command is null");
    }
}
