package io.berth.examples.provider;

import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderFactory;

import java.util.Map;

/**
 * The provider of {@code docs/provider-guide.md}: tasks of kind {@code echo} answer with their
 * {@code settings.text}, after {@code settings.delay} (an ISO-8601 duration, default none). Register it in
 * {@code META-INF/services/io.berth.provisioning.spi.ProviderFactory} and start the server with
 * {@code BERTH_PROVIDER=local,echo}.
 */
public final class EchoProviderFactory implements ProviderFactory {
    @Override
    public String name() {
        return "echo";
    }

    @Override
    public Provider create(Map<String, String> settings, ProviderContext context) {
        return new EchoProvider(context.logger(EchoProvider.class.getName()));
    }
}
