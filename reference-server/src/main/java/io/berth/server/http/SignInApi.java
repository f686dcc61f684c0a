package io.berth.server.http;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.berth.platform.signin.ProfileUpdate;
import io.berth.platform.signin.SignInService;
import io.berth.server.SiteSecrets;
import io.berth.server.api.SignInInputs;
import io.berth.server.api.SignInViews;
import io.berth.server.api.UserView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;

import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The sign-in routes of {@code /api/v1}: sign-up with confirmation, login, "give it a try", password reset, one's
 * own profile, the login-token hand-off and its redemption by notebook sites, and the admin's account deletion.
 * Handlers only translate between JSON and {@link SignInService}. Which routes need no API key or session (the
 * sign-up, login, trial and reset routes, and the redeem, which checks the notebook site's own secret) is said by
 * their {@code x-berth-access} in the OpenAPI document, as for every route; see {@link AccessRules}.
 */
public final class SignInApi {
    private static final String BEARER = "Bearer ";

    private final Supplier<SignInService> signIn;
    private final AccountService accounts;
    private final Authentication authentication;
    private final SiteSecrets sites;
    private final JsonBodies json;

    SignInApi(Supplier<SignInService> signIn, AccountService accounts, Authentication authentication,
              SiteSecrets sites, JsonBodies json) {
        this.signIn = requireNonNull(signIn, "signIn is null");
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.authentication = requireNonNull(authentication, "authentication is null");
        this.sites = requireNonNull(sites, "sites is null");
        this.json = requireNonNull(json, "json is null");
    }

    void register(RoutesConfig routes) {
        String api = HttpApi.API;
        routes.post(api + "/signup", this::signup);
        routes.post(api + "/signup/confirm", this::confirm);
        routes.post(api + "/login", this::login);
        routes.post(api + "/try", this::tryIt);
        routes.post(api + "/reset", this::requestReset);
        routes.post(api + "/reset/confirm", this::reset);
        routes.post(api + "/logout", this::logout);
        routes.post(api + "/login-tokens", this::handoff);
        routes.post(api + "/login-tokens/redeem", this::redeem);
        routes.get(api + "/user", this::user);
        routes.patch(api + "/user", this::updateUser);
        routes.delete(api + "/user", this::deleteUser);
        routes.post(api + "/user/password", this::changePassword);
        routes.delete(api + "/accounts/{name}", this::deleteAccount);
    }

    private void signup(Context ctx) {
        SignInInputs.Credentials body = json.read(ctx, SignInInputs.Credentials.class);
        AccountId trial = authentication.optionalPrincipal(ctx)
                .filter(p -> signIn.get().isTrial(p.account())).map(Principal::account).orElse(null);
        signIn.get().register(body.email(), password(body.password(), "password"), ctx.ip(), trial);
        send(ctx, 202, new SignInViews.Accepted("accepted", "if the address can be registered, a mail with a"
                + " confirmation link is on its way; if it has an account already, the mail says so"));
    }

    private void confirm(Context ctx) {
        SignInInputs.Confirm body = json.read(ctx, SignInInputs.Confirm.class);
        send(ctx, 200, SignInViews.HandoffView.of(signIn.get().confirm(required(body.code(), "code"), body.site())));
    }

    private void login(Context ctx) {
        SignInInputs.Credentials body = json.read(ctx, SignInInputs.Credentials.class);
        send(ctx, 200, SignInViews.SessionView.of(signIn.get().login(body.email(),
                password(body.password(), "password"), ctx.ip())));
    }

    private void tryIt(Context ctx) {
        SignInInputs.SiteChoice body = optionalBody(ctx, SignInInputs.SiteChoice.class, new SignInInputs.SiteChoice(null));
        SignInService service = signIn.get();
        io.berth.platform.signin.Handoff handoff = service.tryIt(body.site(), ctx.ip());
        send(ctx, 200, SignInViews.TrialView.of(handoff, service.openSession(handoff.account().id()),
                SignInService.TRIAL_WARNING));
    }

    private void requestReset(Context ctx) {
        SignInInputs.ResetRequest body = json.read(ctx, SignInInputs.ResetRequest.class);
        signIn.get().requestReset(body.email(), ctx.ip());
        send(ctx, 202, new SignInViews.Accepted("accepted", "if the address has an account, a mail with a reset"
                + " link is on its way"));
    }

    private void reset(Context ctx) {
        SignInInputs.ResetConfirm body = json.read(ctx, SignInInputs.ResetConfirm.class);
        send(ctx, 200, SignInViews.SessionView.of(signIn.get().resetPassword(required(body.code(), "code"),
                password(body.password(), "password"), ctx.ip())));
    }

    private void logout(Context ctx) {
        String session = Authentication.sessionId(ctx).orElseThrow(() -> new BerthException(
                ErrorCode.INVALID_REQUEST, "logout ends a session: authenticate with the session id, not an API key"));
        signIn.get().logout(session);
        ctx.status(204);
    }

    private void handoff(Context ctx) {
        SignInInputs.SiteChoice body = optionalBody(ctx, SignInInputs.SiteChoice.class, new SignInInputs.SiteChoice(null));
        send(ctx, 200, SignInViews.HandoffView.of(signIn.get().handoff(caller(ctx).account(), body.site())));
    }

    private void redeem(Context ctx) {
        String header = ctx.header(Header.AUTHORIZATION);
        if (header == null || header.length() < BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new BerthException(ErrorCode.AUTHENTICATION_REQUIRED,
                    "a notebook site authenticates with its secret: Authorization: Bearer <site secret>");
        }
        String site = sites.siteOf(header.substring(BEARER.length()).strip()).orElseThrow(
                () -> new BerthException(ErrorCode.INVALID_CREDENTIALS, "not the secret of a registered site"));
        SignInInputs.Redeem body = json.read(ctx, SignInInputs.Redeem.class);
        send(ctx, 200, SignInViews.RedeemedView.of(signIn.get().redeem(site, required(body.token(), "token"))));
    }

    private void user(Context ctx) {
        AccountId id = caller(ctx).account();
        send(ctx, 200, UserView.of(ownAccount(id), signIn.get().identities(id)));
    }

    private void updateUser(Context ctx) {
        SignInInputs.ProfileChange body = json.read(ctx, SignInInputs.ProfileChange.class);
        ProfileUpdate update = new ProfileUpdate(body.displayName(), body.email());
        if (update.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "nothing to change: the body names no displayName"
                    + " or email");
        }
        AccountId id = caller(ctx).account();
        send(ctx, 200, UserView.of(signIn.get().updateProfile(id, update), signIn.get().identities(id)));
    }

    private void deleteUser(Context ctx) {
        signIn.get().deleteAccount(caller(ctx).account());
        send(ctx, 202, new SignInViews.Accepted("accepted", "the account is disabled; its deployments are removed"
                + " and then the account with everything it owned is deleted"));
    }

    private void changePassword(Context ctx) {
        SignInInputs.PasswordChange body = json.read(ctx, SignInInputs.PasswordChange.class);
        signIn.get().changePassword(caller(ctx).account(), password(body.currentPassword(), "currentPassword"),
                password(body.newPassword(), "newPassword"), Authentication.sessionId(ctx).orElse(null));
        ctx.status(204);
    }

    private void deleteAccount(Context ctx) {
        Principal caller = caller(ctx);
        AccountService.requireAdmin(caller);
        io.berth.core.account.Account account = accounts.account(caller, ctx.pathParam("name"));
        if (account.id().equals(caller.account())) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "an admin cannot delete their own account here;"
                    + " use DELETE /api/v1/user");
        }
        signIn.get().deleteAccount(account.id());
        send(ctx, 202, new SignInViews.Accepted("accepted", "account " + account.name() + " is disabled; its"
                + " deployments are removed and then it is deleted"));
    }

    private io.berth.core.account.Account ownAccount(AccountId id) {
        return accounts.account(id).orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND,
                "no account " + id));
    }

    private <T> T optionalBody(Context ctx, Class<T> type, T empty) {
        // no body takes the defaults; anything sent must be a valid body. A request without Content-Length and
        // without Transfer-Encoding has no body (RFC 9112, 6.3), as curl -X POST sends it
        boolean noBody = ctx.contentLength() == 0
                || (ctx.contentLength() < 0 && ctx.header("Transfer-Encoding") == null);
        return noBody ? empty : json.read(ctx, type);
    }

    private static char[] password(String value, String field) {
        if (value == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, field + " is required");
        }
        return value.toCharArray();
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, field + " is required");
        }
        return value;
    }

    private static Principal caller(Context ctx) {
        return Authentication.principal(ctx);
    }

    private void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(HttpApi.JSON).result(json.write(body));
    }
}
