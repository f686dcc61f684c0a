package io.berth.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies of plans whose tasks run on the fake provider. */
final class Plans {
    private Plans() {
    }

    static String fakePlan(String name, String... installTasks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "plan " + name);
        body.put("configuration", fakeConfiguration(installTasks));
        return Http.json(body);
    }

    static Map<String, Object> fakeConfiguration(String... installTasks) {
        List<Object> install = new ArrayList<>();
        for (String task : installTasks) {
            install.add(Map.of("name", task, "kind", "fake"));
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("installTasks", install);
        configuration.put("removeTasks", List.of(Map.of("name", "teardown", "kind", "fake")));
        return configuration;
    }

    static String install(String plan) {
        return "{\"action\":\"install\",\"plan\":\"" + plan + "\",\"parameters\":{\"size\":\"small\"}}";
    }
}
