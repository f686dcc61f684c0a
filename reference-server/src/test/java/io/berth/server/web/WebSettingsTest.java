package io.berth.server.web;

import io.berth.server.ServerConfig.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web pages' and OAuth providers' variables, their defaults and the errors for bad values. */
class WebSettingsTest {
    @Test
    void nothingSetMeansPlainCookiesNoProxyAndNoProvider() {
        assertThat(WebSettings.fromEnvironment(Map.of())).isEqualTo(WebSettings.defaults());
    }

    @Test
    void cookiesAreSecureByDefaultBehindHttpsAndAsConfigured() {
        assertThat(WebSettings.fromEnvironment(Map.of("BERTH_PUBLIC_URL", "https://berth.example.org")).cookieSecure())
                .isTrue();
        assertThat(WebSettings.fromEnvironment(Map.of("BERTH_PUBLIC_URL", "http://localhost:8080")).cookieSecure())
                .isFalse();
        assertThat(WebSettings.fromEnvironment(Map.of("BERTH_PUBLIC_URL", "https://berth.example.org",
                "BERTH_COOKIE_SECURE", "false")).cookieSecure()).isFalse();
        assertThat(WebSettings.fromEnvironment(Map.of("BERTH_COOKIE_SECURE", "true")).cookieSecure()).isTrue();
        assertThatThrownBy(() -> WebSettings.fromEnvironment(Map.of("BERTH_COOKIE_SECURE", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BERTH_COOKIE_SECURE");
    }

    @Test
    void providersAreReadWithTheirSecrets() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "BERTH_OAUTH_PROVIDERS", "google, github,uni-ed",
                "BERTH_OAUTH_GOOGLE_CLIENT_ID", "g-id", "BERTH_SECRET_OAUTH_GOOGLE", "g-secret",
                "BERTH_OAUTH_GITHUB_CLIENT_ID", "gh-id", "BERTH_SECRET_OAUTH_GITHUB", "gh-secret",
                "BERTH_OAUTH_GITHUB_API_URL", "http://localhost:9999/api",
                "BERTH_TRUSTED_PROXY", "10.0.0.2"));
        env.putAll(Map.of("BERTH_OAUTH_UNI_ED_ISSUER", "https://login.uni.example/realms/staff",
                "BERTH_OAUTH_UNI_ED_CLIENT_ID", "u-id", "BERTH_SECRET_OAUTH_UNI_ED", "u-secret",
                "BERTH_OAUTH_UNI_ED_LABEL", "University of Edinburgh"));
        WebSettings settings = WebSettings.fromEnvironment(env);

        assertThat(settings.trustedProxy()).contains("10.0.0.2");
        assertThat(settings.providers()).extracting(OAuthProviderSettings::name).containsExactly("google", "github", "uni-ed");
        assertThat(settings.provider("google").orElseThrow()).isEqualTo(OAuthProviderSettings.oidc("google", "Google",
                WebSettings.GOOGLE_ISSUER, "g-id", "g-secret"));
        OAuthProviderSettings github = settings.provider("github").orElseThrow();
        assertThat(github.kind()).isEqualTo(OAuthProviderSettings.Kind.GITHUB);
        assertThat(github.apiUrl()).contains(URI.create("http://localhost:9999/api"));
        assertThat(github.tokenEndpoint()).contains(OAuthProviderSettings.GITHUB_TOKEN);
        OAuthProviderSettings uni = settings.provider("uni-ed").orElseThrow();
        assertThat(uni.issuer()).contains(URI.create("https://login.uni.example/realms/staff"));
        assertThat(uni.label()).isEqualTo("University of Edinburgh");
        assertThat(uni.toString()).doesNotContain("u-secret").contains("<hidden>");
        assertThat(settings.provider("facebook")).isEqualTo(Optional.empty());
    }

    @Test
    void aProviderWithoutItsSettingsStopsTheStart() {
        assertThatThrownBy(() -> WebSettings.fromEnvironment(Map.of("BERTH_OAUTH_PROVIDERS", "uni",
                "BERTH_OAUTH_UNI_CLIENT_ID", "id", "BERTH_SECRET_OAUTH_UNI", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BERTH_OAUTH_UNI_ISSUER");
        assertThatThrownBy(() -> WebSettings.fromEnvironment(Map.of("BERTH_OAUTH_PROVIDERS", "google",
                "BERTH_OAUTH_GOOGLE_CLIENT_ID", "id")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BERTH_SECRET_OAUTH_GOOGLE");
        assertThatThrownBy(() -> WebSettings.fromEnvironment(Map.of("BERTH_OAUTH_PROVIDERS", "github",
                "BERTH_SECRET_OAUTH_GITHUB", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BERTH_OAUTH_GITHUB_CLIENT_ID");
        assertThatThrownBy(() -> WebSettings.fromEnvironment(Map.of("BERTH_OAUTH_PROVIDERS", "Bad Name")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BERTH_OAUTH_PROVIDERS");
        assertThatThrownBy(() -> WebSettings.fromEnvironment(Map.of("BERTH_OAUTH_PROVIDERS", "uni,uni",
                "BERTH_OAUTH_UNI_ISSUER", "https://x.example", "BERTH_OAUTH_UNI_CLIENT_ID", "id",
                "BERTH_SECRET_OAUTH_UNI", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> WebSettings.fromEnvironment(Map.of("BERTH_OAUTH_PROVIDERS", "uni",
                "BERTH_OAUTH_UNI_ISSUER", "ftp://x.example", "BERTH_OAUTH_UNI_CLIENT_ID", "id",
                "BERTH_SECRET_OAUTH_UNI", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http or https");
    }
}
