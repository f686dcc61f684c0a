package io.berth.server.http;

import io.berth.booking.CapacityAllocation;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.berth.platform.booking.BookingService;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.provisioning.spi.PhysicalCapacity;
import io.berth.provisioning.spi.Provider;
import io.berth.server.api.CapacityDiscovery;
import io.berth.server.api.CapacityView;
import io.berth.server.api.DiscoveredCapacityView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /pools/{name}/capacity/discover} (admin): asks a provider what its backend physically offers
 * ({@link Provider#discoverCapacity}) and answers the total with the parts it was made of; with
 * {@code "apply": true} the total is also added to the pool's capacity for the period given.
 */
final class CapacityDiscoveryApi {
    private static final Logger LOG = LoggerFactory.getLogger(CapacityDiscoveryApi.class);
    private static final int MAX_SELECTOR = 256;

    private final BookingService bookings;
    private final ProviderRegistry providers;
    private final BookingApi times;
    private final JsonBodies json;

    CapacityDiscoveryApi(BookingService bookings, ProviderRegistry providers, BookingApi times, JsonBodies json) {
        this.bookings = requireNonNull(bookings, "bookings is null");
        this.providers = requireNonNull(providers, "providers is null");
        this.times = requireNonNull(times, "times is null");
        this.json = requireNonNull(json, "json is null");
    }

    void register(RoutesConfig routes) {
        routes.post(HttpApi.API + "/pools/{name}/capacity/discover", this::discover);
    }

    private void discover(Context ctx) {
        Principal caller = Authentication.principal(ctx);
        AccountService.requireAdmin(caller);
        CapacityDiscovery body = json.read(ctx, CapacityDiscovery.class);
        String poolName = bookings.pool(ctx.pathParam("name")).name();
        Provider provider = provider(body.provider());
        String selector = selector(body.selector());
        boolean apply = Boolean.TRUE.equals(body.apply());
        if (!apply && (body.from() != null || body.until() != null)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "from and until are only for \"apply\": true");
        }
        // the period is checked before the backend is read, so a typing mistake costs no call
        Instant from = !apply ? null : body.from() == null ? times.currentSlot() : times.time(body.from(), "from", true);
        Instant until = !apply || body.until() == null ? null : times.time(body.until(), "until", false);

        PhysicalCapacity capacity = provider.discoverCapacity(selector);
        if (capacity == null) {
            throw new BerthException(ErrorCode.PROVIDER_TASK_FAILED, "provider '" + provider.name()
                    + "' answered no capacity");
        }
        CapacityView applied = null;
        if (apply) {
            CapacityAllocation allocation = bookings.addCapacity(caller, poolName, capacity.total(), from, until);
            applied = CapacityView.of(poolName, allocation);
            LOG.info("pool {}: added capacity {} read from provider {} (selector {}) as allocation {}", poolName,
                    capacity.total(), provider.name(), selector, allocation.id());
        }
        ctx.status(200).contentType(HttpApi.JSON).result(json.write(DiscoveredCapacityView.of(poolName,
                provider.name(), selector, capacity, applied)));
    }

    private Provider provider(String name) {
        if (name == null || name.isBlank()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "provider is required: the name of a loaded provider"
                    + " (" + names() + ")");
        }
        return providers.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new BerthException(ErrorCode.PROVIDER_NOT_FOUND, "no provider named '"
                        + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "'; the loaded providers are "
                        + names()));
    }

    private List<String> names() {
        return providers.providers().stream().map(Provider::name).sorted().toList();
    }

    private static String selector(String selector) {
        if (selector == null || selector.isEmpty()) {
            return null;
        }
        if (selector.length() > MAX_SELECTOR || selector.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "selector must be at most " + MAX_SELECTOR
                    + " characters without control characters");
        }
        return selector;
    }
}
