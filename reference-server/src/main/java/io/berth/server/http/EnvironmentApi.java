package io.berth.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.account.Principal;
import io.berth.core.environment.Environment;
import io.berth.core.environment.EnvironmentViolation;
import io.berth.core.environment.InvalidEnvironmentException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import io.berth.platform.environment.EnvironmentService;
import io.berth.server.api.EnvironmentValidation;
import io.berth.server.api.EnvironmentView;
import io.berth.server.api.Problem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The environment configuration routes: list, show, validate (anyone signed in), the schema (public), create,
 * replace and delete (admins). A document that breaks the schema is answered 400 {@code invalid-environment}
 * with an {@code errors} member listing each field at fault by its JSON Pointer, and a {@code field} member
 * naming the first.
 */
public final class EnvironmentApi {
    /** Where the schema is published; it needs no key. */
    public static final String SCHEMA_PATH = HttpApi.API + "/environments/schema";

    private final EnvironmentService environments;
    private final EnvironmentDocuments documents;
    private final JsonBodies json;

    EnvironmentApi(EnvironmentService environments, EnvironmentDocuments documents, JsonBodies json) {
        this.environments = requireNonNull(environments, "environments is null");
        this.documents = requireNonNull(documents, "documents is null");
        this.json = requireNonNull(json, "json is null");
    }

    void register(RoutesConfig routes) {
        routes.exception(InvalidEnvironmentException.class, this::invalid);
        routes.get(SCHEMA_PATH, ctx -> ctx.status(200).contentType("application/schema+json")
                .result(documents.schema()));
        routes.get(HttpApi.API + "/environments", ctx -> send(ctx, 200, environments.list().stream()
                .map(e -> EnvironmentView.of(e, null)).toList()));
        routes.post(HttpApi.API + "/environments/validate", this::validate);
        routes.post(HttpApi.API + "/environments", this::create);
        routes.get(HttpApi.API + "/environments/{name}", ctx -> send(ctx, 200,
                view(environments.get(ctx.pathParam("name")))));
        routes.put(HttpApi.API + "/environments/{name}", this::replace);
        routes.delete(HttpApi.API + "/environments/{name}", ctx -> {
            environments.delete(Authentication.principal(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
    }

    private void validate(Context ctx) {
        EnvironmentDocuments.Parsed parsed = documents.parse(json.read(ctx, JsonNode.class));
        send(ctx, 200, new EnvironmentValidation(true, parsed.spec().name(), parsed.spec().parameters()));
    }

    private void create(Context ctx) {
        Principal caller = Authentication.principal(ctx);
        // the caller's right comes first: a user learns nothing about documents they may not store
        AccountService.requireAdmin(caller);
        EnvironmentDocuments.Parsed parsed = documents.parse(json.read(ctx, JsonNode.class));
        Environment created = environments.create(caller, parsed.spec(), parsed.document());
        ctx.header(Header.LOCATION, HttpApi.API + "/environments/" + created.name());
        send(ctx, 201, view(created));
    }

    private void replace(Context ctx) {
        Principal caller = Authentication.principal(ctx);
        AccountService.requireAdmin(caller);
        EnvironmentDocuments.Parsed parsed = documents.parse(json.read(ctx, JsonNode.class));
        send(ctx, 200, view(environments.replace(caller, ctx.pathParam("name"), parsed.spec(), parsed.document())));
    }

    private EnvironmentView view(Environment environment) {
        try {
            return EnvironmentView.of(environment, json.mapper().readTree(environment.document()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored document of environment '" + environment.name()
                    + "' is not JSON", e);
        }
    }

    private void invalid(InvalidEnvironmentException e, Context ctx) {
        ErrorCode code = e.errorCode();
        int status = Problems.status(code);
        List<Map<String, String>> errors = e.violations().stream()
                .map((EnvironmentViolation v) -> Map.of("path", v.path(), "message", v.message())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problem.TYPE_PREFIX + code.code());
        body.put("title", HttpStatus.forStatus(status).getMessage());
        body.put("status", status);
        body.put("detail", e.getMessage());
        body.put("code", code.code());
        body.put("instance", ctx.path());
        body.put("field", e.violations().get(0).path());
        body.put("errors", errors);
        ctx.status(status).contentType(Problem.MEDIA_TYPE).result(json.write(body));
    }

    private void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(HttpApi.JSON).result(json.write(body));
    }
}
