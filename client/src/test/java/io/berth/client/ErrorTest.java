package io.berth.client;

import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ErrorTest {

    private FakeBerthServer server;
    private BerthClient client;

    @BeforeEach
    void start() {
        server = FakeBerthServer.start();
        client = BerthClient.builder().baseUri(server.uri()).apiKey(FakeBerthServer.KEY)
                .timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void turnsAProblemIntoAnExceptionWithItsCode() {
        server.problem("GET", "/api/v1/plans/notebok", 404, "Not Found", "plan-not-found", "no plan named 'notebok'");

        BerthApiException failure = catchThrowableOfType(BerthApiException.class, () -> client.getPlan("notebok"));

        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure.code()).isEqualTo("plan-not-found");
        assertThat(failure.title()).isEqualTo("Not Found");
        assertThat(failure.detail()).isEqualTo("no plan named 'notebok'");
        assertThat(failure.instance()).isEqualTo("/api/v1/plans/notebok");
        assertThat(failure.errorCode()).contains(ErrorCode.PLAN_NOT_FOUND);
        assertThat(failure).hasMessage("no plan named 'notebok' (plan-not-found, HTTP 404)");
    }

    @Test
    void carriesConflictsAndAuthenticationFailures() {
        server.problem("DELETE", "/api/v1/plans/notebook", 409, "Conflict", "plan-in-use",
                "plan 'notebook' has 2 deployments");

        BerthApiException conflict = catchThrowableOfType(BerthApiException.class, () -> client.deletePlan("notebook"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.code()).isEqualTo("plan-in-use");

        BerthApiException denied = catchThrowableOfType(BerthApiException.class,
                () -> BerthClient.builder().baseUri(server.uri()).apiKey("berth_wrong").build().me());
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.code()).isEqualTo("invalid-credentials");
        assertThat(denied.errorCode()).contains(ErrorCode.INVALID_CREDENTIALS);
    }

    @Test
    void keepsACodeThisClientDoesNotKnow() {
        server.problem("GET", "/api/v1/me", 429, "Too Many Requests", "rate-limited", "slow down");

        BerthApiException failure = catchThrowableOfType(BerthApiException.class, () -> client.me());

        assertThat(failure.code()).isEqualTo("rate-limited");
        assertThat(failure.errorCode()).isEmpty();
    }

    @Test
    void takesTheCodeFromTheTypeWhenTheProblemHasNoCode() {
        server.on("GET", "/api/v1/me", (exchange, request) -> FakeBerthServer.send(exchange, 500,
                "application/problem+json", "{\"type\":\"urn:berth:problem:store-unavailable\",\"status\":500,"
                        + "\"title\":\"Internal Server Error\"}"));

        BerthApiException failure = catchThrowableOfType(BerthApiException.class, () -> client.me());

        assertThat(failure.code()).isEqualTo("store-unavailable");
        assertThat(failure.detail()).isEqualTo("Internal Server Error");
    }

    @Test
    void describesAnErrorPageThatIsNoProblemDocument() {
        server.on("GET", "/api/v1/me", (exchange, request) ->
                FakeBerthServer.send(exchange, 502, "text/html", "<html>Bad Gateway</html>"));

        BerthApiException failure = catchThrowableOfType(BerthApiException.class, () -> client.me());

        assertThat(failure.status()).isEqualTo(502);
        assertThat(failure.code()).isEqualTo(BerthApiException.UNEXPECTED_RESPONSE);
        assertThat(failure.detail()).isEqualTo("HTTP 502 from " + server.uri() + "/api/v1/me without a problem document");
    }

    @Test
    void describesAnUnreadableAnswer() {
        server.json("GET", "/api/v1/me", 200, "{not json");

        BerthApiException failure = catchThrowableOfType(BerthApiException.class, () -> client.me());

        assertThat(failure.status()).isEqualTo(200);
        assertThat(failure.code()).isEqualTo(BerthApiException.UNEXPECTED_RESPONSE);
        assertThat(failure.detail()).startsWith("unreadable answer from " + server.uri() + "/api/v1/me: ");
    }

    @Test
    void namesTheUrlWhenNothingListens() throws IOException {
        URI nowhere = FakeBerthServer.unusedAddress();
        BerthClient lost = BerthClient.builder().baseUri(nowhere).apiKey("k").timeout(Duration.ofSeconds(5)).build();

        BerthApiException failure = catchThrowableOfType(BerthApiException.class, lost::listPlans);

        assertThat(failure.status()).isZero();
        assertThat(failure.code()).isEqualTo(BerthApiException.CONNECTION_FAILED);
        assertThat(failure.detail())
                .isEqualTo("cannot reach the Berth server at " + nowhere + "/api/v1/plans: connection refused");
        assertThat(failure).hasMessage(failure.detail() + " (connection-failed)");
    }
}
