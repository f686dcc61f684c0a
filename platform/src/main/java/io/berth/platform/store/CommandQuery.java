package io.berth.platform.store;

import io.berth.core.account.AccountId;
import io.berth.core.provisioning.DeploymentId;

/**
 * Filters for listing commands; null means "any".
 *
 * @param limit at most this many, 1-1000
 */
public record CommandQuery(AccountId requester, DeploymentId deployment, int limit) {
    public CommandQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1-1000: " + limit);
        }
    }
}
