package io.berth.server.api;

/**
 * An error answer as RFC 9457 describes it ({@code application/problem+json}), with the stable Berth
 * error {@code code} as an extension member.
 *
 * @param type     {@code urn:berth:problem:<code>}
 * @param title    the reason phrase of the status
 * @param detail   what went wrong with this request, for people
 * @param instance the path of the request
 */
public record Problem(String type, String title, int status, String detail, String code, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:berth:problem:";
}
