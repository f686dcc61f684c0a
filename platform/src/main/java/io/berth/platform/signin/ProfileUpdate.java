package io.berth.platform.signin;

/**
 * Changes a person makes to their own profile; a null field stays as it is.
 *
 * @param displayName the new display name; blank clears it
 * @param email       a new email address: it takes effect when the link mailed to it is followed
 */
public record ProfileUpdate(String displayName, String email) {
    /** Whether nothing would change. */
    public boolean isEmpty() {
        return displayName == null && email == null;
    }
}
