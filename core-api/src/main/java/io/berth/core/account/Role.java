package io.berth.core.account;

/** What a principal may do. Admins administer the catalog and see every deployment. */
public enum Role {
    USER,
    ADMIN
}
