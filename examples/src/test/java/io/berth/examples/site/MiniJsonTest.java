package io.berth.examples.site;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example site's JSON reader reads what the redeem route answers, and refuses what is not JSON. */
class MiniJsonTest {
    @Test
    void readsObjectsArraysAndScalars() {
        Object value = MiniJson.parse("{\"account\":{\"name\":\"guest-ab\",\"level\":0,\"transient\":true,"
                + "\"email\":null},\"package\":{\"name\":\"small\",\"cores\":2.5},\"list\":[1,\"a\\\"b\\u00e9\\n\"],"
                + "\"environment\":{}}");

        assertThat(value).isEqualTo(Map.of(
                "account", accountWithNull(),
                "package", Map.of("name", "small", "cores", 2.5),
                "list", List.of(1L, "a\"b\u00e9\n"),
                "environment", Map.of()));
    }

    private static Map<String, Object> accountWithNull() {
        Map<String, Object> account = new java.util.LinkedHashMap<>();
        account.put("name", "guest-ab");
        account.put("level", 0L);
        account.put("transient", true);
        account.put("email", null);
        return account;
    }

    @Test
    void quotesWhatItWrites() {
        assertThat(MiniJson.parse(MiniJson.quote("to\"ken\\\n\u0001"))).isEqualTo("to\"ken\\\n\u0001");
    }

    @Test
    void refusesWhatIsNotJson() {
        for (String bad : new String[] {"", "{", "{\"a\" 1}", "[1,]", "\"open", "nul", "{} x", "<html>"}) {
            assertThatThrownBy(() -> MiniJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
