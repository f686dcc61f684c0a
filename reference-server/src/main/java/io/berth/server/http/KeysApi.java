package io.berth.server.http;

import io.berth.core.account.ApiKey;
import io.berth.core.account.Principal;
import io.berth.core.account.SshKey;
import io.berth.core.account.SshKeyId;
import io.berth.platform.auth.AccountService;
import io.berth.platform.auth.SshKeyService;
import io.berth.server.api.ApiKeyInfoView;
import io.berth.server.api.ApiKeyView;
import io.berth.server.api.GeneratedSshKeyView;
import io.berth.server.api.NewApiKey;
import io.berth.server.api.NewSshKey;
import io.berth.server.api.SshKeyRequest;
import io.berth.server.api.SshKeyView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;

import static java.util.Objects.requireNonNull;

/**
 * The caller's API keys and SSH keys: {@code /api-keys} (list, create, revoke) and {@code /ssh-keys} (list, add,
 * generate, remove), plus an admin's {@code POST /accounts/{name}/api-keys}. Secrets appear only in the answer
 * that creates them.
 */
final class KeysApi {
    private final AccountService accounts;
    private final SshKeyService sshKeys;
    private final JsonBodies json;

    KeysApi(AccountService accounts, SshKeyService sshKeys, JsonBodies json) {
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.sshKeys = requireNonNull(sshKeys, "sshKeys is null");
        this.json = requireNonNull(json, "json is null");
    }

    void register(RoutesConfig routes) {
        routes.get(HttpApi.API + "/api-keys", ctx -> send(ctx, 200, accounts.listOwnApiKeys(caller(ctx)).stream()
                .map(ApiKeyInfoView::of).toList()));
        routes.post(HttpApi.API + "/api-keys", this::createOwnApiKey);
        routes.delete(HttpApi.API + "/api-keys/{keyId}", ctx -> send(ctx, 200,
                ApiKeyInfoView.of(accounts.revokeApiKey(caller(ctx), ctx.pathParam("keyId")))));
        routes.post(HttpApi.API + "/accounts/{name}/api-keys", this::createApiKey);

        routes.get(HttpApi.API + "/ssh-keys", ctx -> send(ctx, 200, sshKeys.list(caller(ctx)).stream()
                .map(SshKeyView::of).toList()));
        routes.post(HttpApi.API + "/ssh-keys", this::addSshKey);
        routes.post(HttpApi.API + "/ssh-keys/generate", this::generateSshKey);
        routes.delete(HttpApi.API + "/ssh-keys/{id}", ctx -> {
            sshKeys.remove(caller(ctx), SshKeyId.parse(ctx.pathParam("id")));
            ctx.status(204);
        });
    }

    private void createOwnApiKey(Context ctx) {
        Principal caller = caller(ctx);
        NewApiKey body = json.read(ctx, NewApiKey.class);
        created(ctx, accounts.createOwnApiKey(caller, body.label(), body.parsedScopes(), body.expiry(),
                body.expiresInDays()));
    }

    private void createApiKey(Context ctx) {
        Principal caller = caller(ctx);
        NewApiKey body = json.read(ctx, NewApiKey.class);
        created(ctx, accounts.createApiKey(caller, ctx.pathParam("name"), body.label(), body.parsedScopes(),
                body.expiry(), body.expiresInDays()));
    }

    private void created(Context ctx, AccountService.IssuedKey issued) {
        ApiKey key = issued.key();
        ctx.header(Header.LOCATION, HttpApi.API + "/api-keys");
        send(ctx, 201, ApiKeyView.of(key, issued.text()));
    }

    private void addSshKey(Context ctx) {
        Principal caller = caller(ctx);
        NewSshKey body = json.read(ctx, NewSshKey.class);
        SshKey added = sshKeys.add(caller, body.line(), body.name());
        ctx.header(Header.LOCATION, HttpApi.API + "/ssh-keys");
        send(ctx, 201, SshKeyView.of(added));
    }

    private void generateSshKey(Context ctx) {
        Principal caller = caller(ctx);
        SshKeyRequest body = json.read(ctx, SshKeyRequest.class);
        SshKeyService.GeneratedKey generated = sshKeys.generate(caller, body.name());
        ctx.header(Header.LOCATION, HttpApi.API + "/ssh-keys");
        send(ctx, 201, new GeneratedSshKeyView(SshKeyView.of(generated.key()), generated.privateKey()));
    }

    private static Principal caller(Context ctx) {
        return Authentication.principal(ctx);
    }

    private void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(HttpApi.JSON).result(json.write(body));
    }
}
