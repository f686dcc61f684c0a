package io.berth.core.error;

import static java.util.Objects.requireNonNull;

/**
 * Stable error codes. The {@link #code()} string is part of the public API: clients match on it,
 * so a code is never renamed or reused. New codes are added at the end of their group.
 */
public enum ErrorCode {
    // USER: the request is wrong and retrying it unchanged will not help.
    INVALID_REQUEST("invalid-request", ErrorKind.USER),
    MALFORMED_JSON("malformed-json", ErrorKind.USER),
    PAYLOAD_TOO_LARGE("payload-too-large", ErrorKind.USER),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", ErrorKind.USER),
    INVALID_TASK_SPEC("invalid-task-spec", ErrorKind.USER),
    UNKNOWN_TASK_KIND("unknown-task-kind", ErrorKind.USER),
    INVALID_STATE_CODE("invalid-state-code", ErrorKind.USER),
    METHOD_NOT_ALLOWED("method-not-allowed", ErrorKind.USER),
    INVALID_PERIOD("invalid-period", ErrorKind.USER),
    INVALID_RESOURCES("invalid-resources", ErrorKind.USER),
    BOOKING_POLICY_VIOLATED("booking-policy-violated", ErrorKind.USER),
    /** The provider cannot read its backend's capacity; the pool's capacity must be entered by hand. */
    CAPACITY_DISCOVERY_UNSUPPORTED("capacity-discovery-unsupported", ErrorKind.USER),
    /** An SSH public key line is malformed, of an unsupported type, or too weak. */
    INVALID_SSH_KEY("invalid-ssh-key", ErrorKind.USER),
    /** An environment document breaks the environment schema; the answer lists every field at fault. */
    INVALID_ENVIRONMENT("invalid-environment", ErrorKind.USER),
    /** A booking named for a deployment is cancelled, has ended or has not started. */
    BOOKING_NOT_CURRENT("booking-not-current", ErrorKind.USER),
    /** A new password is shorter than 12 or longer than 128 characters. */
    WEAK_PASSWORD("weak-password", ErrorKind.USER),
    /** A mailed link's code is unknown, used already or expired (one code for all three). */
    CODE_INVALID("code-invalid", ErrorKind.USER),
    /** A login token is unknown, used already, expired or meant for another site. */
    TOKEN_INVALID("token-invalid", ErrorKind.USER),

    AUTHENTICATION_REQUIRED("authentication-required", ErrorKind.AUTHENTICATION),
    INVALID_CREDENTIALS("invalid-credentials", ErrorKind.AUTHENTICATION),
    FORBIDDEN("forbidden", ErrorKind.PERMISSION),
    LEVEL_NOT_ALLOWED("level-not-allowed", ErrorKind.PERMISSION),
    /** The API key is valid but its scopes do not cover the route. */
    INSUFFICIENT_SCOPE("insufficient-scope", ErrorKind.PERMISSION),
    /** An admin disabled the account: it can neither sign in nor use its API keys. */
    ACCOUNT_DISABLED("account-disabled", ErrorKind.PERMISSION),
    /** The password was right but the account's email address is not confirmed yet. */
    EMAIL_NOT_CONFIRMED("email-not-confirmed", ErrorKind.PERMISSION),
    /** A web form was posted without this browser's CSRF token, or from another site. */
    CSRF_REJECTED("csrf-rejected", ErrorKind.PERMISSION),
    /** An OAuth sign-in was refused: wrong state or nonce, an invalid ID token, a bad or expired code. */
    OAUTH_REFUSED("oauth-refused", ErrorKind.AUTHENTICATION),

    PLAN_NOT_FOUND("plan-not-found", ErrorKind.NOT_FOUND),
    CONFIGURATION_NOT_FOUND("configuration-not-found", ErrorKind.NOT_FOUND),
    DEPLOYMENT_NOT_FOUND("deployment-not-found", ErrorKind.NOT_FOUND),
    COMMAND_NOT_FOUND("command-not-found", ErrorKind.NOT_FOUND),
    ACCOUNT_NOT_FOUND("account-not-found", ErrorKind.NOT_FOUND),
    ROUTE_NOT_FOUND("route-not-found", ErrorKind.NOT_FOUND),
    PACKAGE_NOT_FOUND("package-not-found", ErrorKind.NOT_FOUND),
    POOL_NOT_FOUND("pool-not-found", ErrorKind.NOT_FOUND),
    BOOKING_NOT_FOUND("booking-not-found", ErrorKind.NOT_FOUND),
    QUEUE_ENTRY_NOT_FOUND("queue-entry-not-found", ErrorKind.NOT_FOUND),
    /** No API key with that id, or none the caller may see. */
    API_KEY_NOT_FOUND("api-key-not-found", ErrorKind.NOT_FOUND),
    /** No SSH key with that id, or none the caller may see. */
    SSH_KEY_NOT_FOUND("ssh-key-not-found", ErrorKind.NOT_FOUND),
    /** No environment configuration of that name. */
    ENVIRONMENT_NOT_FOUND("environment-not-found", ErrorKind.NOT_FOUND),
    /** No provider of that name is loaded. */
    PROVIDER_NOT_FOUND("provider-not-found", ErrorKind.NOT_FOUND),
    /** No notebook site of that name is configured. */
    SITE_NOT_FOUND("site-not-found", ErrorKind.NOT_FOUND),
    /** No OAuth provider of that name is configured. */
    OAUTH_PROVIDER_NOT_FOUND("oauth-provider-not-found", ErrorKind.NOT_FOUND),

    ILLEGAL_TRANSITION("illegal-transition", ErrorKind.CONFLICT),
    PLAN_EXISTS("plan-exists", ErrorKind.CONFLICT),
    PLAN_IN_USE("plan-in-use", ErrorKind.CONFLICT),
    PLAN_HAS_NO_CONFIGURATION("plan-has-no-configuration", ErrorKind.CONFLICT),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", ErrorKind.CONFLICT),
    DEPLOYMENT_REMOVED("deployment-removed", ErrorKind.CONFLICT),
    ACCOUNT_EXISTS("account-exists", ErrorKind.CONFLICT),
    LEASE_LOST("lease-lost", ErrorKind.CONFLICT),
    CONFIGURATION_VERSION_TAKEN("configuration-version-taken", ErrorKind.CONFLICT),
    DEPLOYMENT_BUSY("deployment-busy", ErrorKind.CONFLICT),
    POOL_EXISTS("pool-exists", ErrorKind.CONFLICT),
    BOOKING_NOT_ACTIVE("booking-not-active", ErrorKind.CONFLICT),
    ALREADY_QUEUED("already-queued", ErrorKind.CONFLICT),
    NO_OFFER("no-offer", ErrorKind.CONFLICT),
    /** The account already has this SSH public key. */
    SSH_KEY_EXISTS("ssh-key-exists", ErrorKind.CONFLICT),
    /** The account has the most SSH keys it may have. */
    SSH_KEY_LIMIT("ssh-key-limit", ErrorKind.CONFLICT),
    /** An environment configuration of that name exists. */
    ENVIRONMENT_EXISTS("environment-exists", ErrorKind.CONFLICT),
    /** The provider identity is linked to another account already. */
    IDENTITY_LINKED("identity-linked", ErrorKind.CONFLICT),

    CAPACITY_EXHAUSTED("capacity-exhausted", ErrorKind.CAPACITY),

    /** Too many failed attempts for the account or the address; the details carry {@code retryAfterSeconds}. */
    TOO_MANY_ATTEMPTS("too-many-attempts", ErrorKind.RATE_LIMITED),

    PROVIDER_UNAVAILABLE("provider-unavailable", ErrorKind.PROVIDER),
    PROVIDER_TASK_FAILED("provider-task-failed", ErrorKind.PROVIDER),
    SCRIPT_NOT_FOUND("script-not-found", ErrorKind.PROVIDER),
    SCRIPT_CHECKSUM_MISMATCH("script-checksum-mismatch", ErrorKind.PROVIDER),
    SCRIPT_FETCH_FAILED("script-fetch-failed", ErrorKind.PROVIDER),
    DUPLICATE_PROVIDER("duplicate-provider", ErrorKind.PROVIDER),
    /** An OAuth provider's discovery, token or user endpoint did not answer usefully. */
    OAUTH_PROVIDER_UNAVAILABLE("oauth-provider-unavailable", ErrorKind.PROVIDER),

    INTERNAL_ERROR("internal-error", ErrorKind.INTERNAL),
    STORE_UNAVAILABLE("store-unavailable", ErrorKind.INTERNAL);

    private final String code;
    private final ErrorKind kind;

    ErrorCode(String code, ErrorKind kind) {
        this.code = requireNonNull(code, "code is null");
        this.kind = requireNonNull(kind, "kind is null");
    }

    /** The stable, kebab-case identifier clients match on. */
    public String code() {
        return code;
    }

    public ErrorKind kind() {
        return kind;
    }
}
