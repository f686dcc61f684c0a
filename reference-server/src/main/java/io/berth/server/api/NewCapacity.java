package io.berth.server.api;

/**
 * The body of {@code POST /pools/{name}/capacity}.
 *
 * @param from  a date (start of that day in the server's zone), an ISO time, or absent for the current hour
 * @param until likewise, or absent for no end
 */
public record NewCapacity(ResourcesJson resources, String from, String until) {
}
