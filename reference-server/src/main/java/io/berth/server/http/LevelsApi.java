package io.berth.server.http;

import io.berth.core.account.Account;
import io.berth.core.account.LevelQuotas;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.LevelService;
import io.berth.server.api.LevelInput;
import io.berth.server.api.LevelView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import static java.util.Objects.requireNonNull;

/** Admins' overrides of level quotas: {@code PUT} and {@code DELETE /levels/{level}}. */
final class LevelsApi {
    private final LevelService levels;
    private final JsonBodies json;

    LevelsApi(LevelService levels, JsonBodies json) {
        this.levels = requireNonNull(levels, "levels is null");
        this.json = requireNonNull(json, "json is null");
    }

    void register(RoutesConfig routes) {
        routes.put(HttpApi.API + "/levels/{level}", this::set);
        routes.delete(HttpApi.API + "/levels/{level}", ctx -> send(ctx,
                LevelView.of(levels.reset(Authentication.principal(ctx), level(ctx)))));
    }

    private void set(Context ctx) {
        int level = level(ctx);
        LevelInput body = json.read(ctx, LevelInput.class);
        LevelQuotas quotas = levels.set(Authentication.principal(ctx), body.toDomain(level));
        send(ctx, LevelView.of(quotas));
    }

    private static int level(Context ctx) {
        String text = ctx.pathParam("level");
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) > Account.MAX_LEVEL) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "level must be a whole number from 0 to "
                    + Account.MAX_LEVEL + ": '" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        return Integer.parseInt(text);
    }

    private void send(Context ctx, Object body) {
        ctx.status(200).contentType(HttpApi.JSON).result(json.write(body));
    }
}
