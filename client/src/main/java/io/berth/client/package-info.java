/**
 * A Java client of Berth's REST API ({@code /api/v1}).
 *
 * <p>{@link io.berth.client.BerthClient} is the entry point; its answers are records named
 * {@code ...View} that mirror the JSON documents of the API, and request bodies are records named
 * {@code ...Request}. Every failure, whether the server refused a request or could not be reached, is a
 * {@link io.berth.client.BerthApiException} carrying the stable error {@code code} of the API.
 */
package io.berth.client;
