package io.berth.client;

/**
 * An RFC 9457 problem document ({@code application/problem+json}) as the server sends it with every
 * error.
 *
 * @param type     a URI naming the problem type, e.g. {@code urn:berth:problem:plan-not-found}
 * @param title    a short summary of the HTTP status
 * @param status   the HTTP status
 * @param detail   what went wrong with this request, for people
 * @param code     the stable error code clients match on
 * @param instance the path of the request that failed
 */
public record ProblemView(String type, String title, int status, String detail, String code, String instance) {
}
