package io.berth.provisioning.spi;

import static java.util.Objects.requireNonNull;

/** Whether a provider can run tasks, with a short detail for operators. */
public record ProviderHealth(boolean up, String detail) {
    public ProviderHealth {
        requireNonNull(detail, "detail is null");
    }

    public static ProviderHealth healthy() {
        return new ProviderHealth(true, "ok");
    }

    public static ProviderHealth unhealthy(String detail) {
        return new ProviderHealth(false, detail);
    }
}
