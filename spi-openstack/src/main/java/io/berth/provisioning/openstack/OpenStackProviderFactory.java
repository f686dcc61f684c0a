package io.berth.provisioning.openstack;

import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderFactory;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Creates the {@value #NAME} provider: reserved Magnum clusters and Nova servers on an OpenStack cloud, Blazar
 * leases where the cloud runs Blazar, and the cloud's physical capacity for booking pools. Its settings are
 * described by {@link OpenStackSettings}; it does not contact the cloud until the first task or capacity
 * read, so a cloud that is briefly away does not stop the server from starting.
 */
public final class OpenStackProviderFactory implements ProviderFactory {

    /** The provider's name, also the suffix of its environment variables ({@code BERTH_PROVIDER_OPENSTACK_*}). */
    public static final String NAME = "openstack";

    /** Public for {@link java.util.ServiceLoader}. */
    public OpenStackProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws io.berth.provisioning.spi.ProviderException with
     *         {@link io.berth.core.error.ErrorCode#INVALID_REQUEST} naming the bad or missing setting or secret
     */
    @Override
    public Provider create(Map<String, String> settings, ProviderContext context) {
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        return new OpenStackProvider(OpenStackSettings.parse(settings, context.secrets()), context);
    }
}
