package io.berth.server.api;

/** The bodies of the sign-in routes. Passwords, codes and tokens are hidden from {@code toString}. */
public final class SignInInputs {
    private SignInInputs() {
    }

    /** {@code POST /signup} and {@code POST /login}. */
    public record Credentials(String email, String password) {
        @Override
        public String toString() {
            return "Credentials[email=" + email + ", password=<hidden>]";
        }
    }

    /** {@code POST /signup/confirm}: a mailed code and the site to hand off to (null: the default). */
    public record Confirm(String code, String site) {
        @Override
        public String toString() {
            return "Confirm[code=<hidden>, site=" + site + "]";
        }
    }

    /** {@code POST /try} and {@code POST /login-tokens}: the site to hand off to (null: the default). */
    public record SiteChoice(String site) {
    }

    /** {@code POST /reset}. */
    public record ResetRequest(String email) {
    }

    /** {@code POST /reset/confirm}: a mailed code and the new password. */
    public record ResetConfirm(String code, String password) {
        @Override
        public String toString() {
            return "ResetConfirm[code=<hidden>, password=<hidden>]";
        }
    }

    /** {@code PATCH /user}: absent members stay as they are. */
    public record ProfileChange(String displayName, String email) {
    }

    /** {@code POST /user/password}. */
    public record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[<hidden>]";
        }
    }

    /** {@code POST /login-tokens/redeem}. */
    public record Redeem(String token) {
        @Override
        public String toString() {
            return "Redeem[token=<hidden>]";
        }
    }
}
