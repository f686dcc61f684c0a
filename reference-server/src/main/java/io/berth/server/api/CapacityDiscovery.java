package io.berth.server.api;

/**
 * The body of {@code POST /pools/{name}/capacity/discover}.
 *
 * @param provider the provider to ask, by name
 * @param selector which part of the backend to read, in the provider's terms (e.g. a node label selector);
 *                 absent for all of it
 * @param apply    whether to add the total to the pool's capacity; absent means false
 * @param from     with {@code apply}: as for {@code POST /pools/{name}/capacity}; absent for the current hour
 * @param until    with {@code apply}: likewise; absent for no end
 */
public record CapacityDiscovery(String provider, String selector, Boolean apply, String from, String until) {
}
