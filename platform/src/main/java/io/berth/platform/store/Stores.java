package io.berth.platform.store;

/** The store ports of one database, and its health. */
public interface Stores extends AutoCloseable {
    CatalogStore catalog();

    ProvisioningStore provisioning();

    AccountStore accounts();

    BookingStore bookings();

    /** Passwords, link codes, login tokens, sessions and provider identities. */
    SignInStore signIn();

    /** Runs a trivial query; throws BerthException STORE_UNAVAILABLE when the database does not answer. */
    void ping();

    @Override
    void close();
}
