package io.berth.server.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value that goes into a page is escaped; the style sheet's hash is the one the policy names. */
class HtmlTest {
    private static final String HOSTILE = "<script>alert(\"x\")</script>&'";
    private static final String ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";

    @Test
    void escapesTheFiveSpecialCharacters() {
        assertThat(Html.escape(HOSTILE)).isEqualTo(ESCAPED);
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.escape("plain text 123")).isEqualTo("plain text 123");
    }

    @Test
    void everyPartOfAPageIsEscaped() {
        String page = Html.page(HOSTILE).h1(HOSTILE).h2(HOSTILE).p(HOSTILE).p("warning", HOSTILE).link(HOSTILE, HOSTILE)
                .facts(HOSTILE, HOSTILE).table(List.of(HOSTILE), List.of(List.of(HOSTILE)))
                .form(HOSTILE, HOSTILE, HOSTILE, Html.Field.of("text", HOSTILE, HOSTILE, HOSTILE),
                        Html.Field.hidden(HOSTILE, HOSTILE))
                .render(HOSTILE);

        assertThat(page).doesNotContain("<script>", "alert(\"x\")", "'\"").contains(ESCAPED);
        assertThat(page.split(java.util.regex.Pattern.quote(ESCAPED), -1)).hasSizeGreaterThan(15);
    }

    @Test
    void theStyleSourceIsTheHashOfTheInlineStyle() throws Exception {
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(Html.STYLE.getBytes(StandardCharsets.UTF_8)));
        assertThat(Html.STYLE_SOURCE).isEqualTo("'sha256-" + hash + "'");
        assertThat(Html.page("t").render(null)).contains("<style>" + Html.STYLE + "</style>");
    }

    @Test
    void buttonsHaveStableIds() {
        assertThat(Html.buttonId("Give it a try")).isEqualTo("button-give-it-a-try");
        assertThat(Html.buttonId("Log in / Register")).isEqualTo("button-log-in-register");
    }
}
