package io.berth.platform.signin;

import io.berth.core.account.Account;
import io.berth.core.account.LevelQuotas;
import io.berth.core.resource.ResourcePackage;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a notebook site learns by redeeming a login token: who signed in, what the account's level allows, the
 * resource package its notebook runs in, and the environment variables the notebook should carry
 * ({@link LevelQuotas#environment(ResourcePackage)}).
 */
public record Redeemed(Account account, LevelQuotas quotas, ResourcePackage pkg, Map<String, String> environment) {
    public Redeemed {
        requireNonNull(account, "account is null");
        requireNonNull(quotas, "quotas is null");
        requireNonNull(pkg, "pkg is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }
}
