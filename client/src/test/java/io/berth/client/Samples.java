package io.berth.client;

/** Documents shaped exactly as the examples of docs/api.md, with concrete values. */
public final class Samples {

    public static final String PLAN_ID = "7c6f2a10-9d1e-4c6b-8f3a-1b2c3d4e5f60";
    public static final String COMMAND_ID = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
    public static final String DEPLOYMENT_ID = "0b1e7d3c-2a4f-4b6e-8d9c-0f1e2d3c4b5a";
    public static final String ACCOUNT_ID = "a1c2e3f4-0000-4000-8000-000000000001";
    public static final String TASK_PREPARE = "5d1c0000-0000-4000-8000-000000000001";
    public static final String TASK_START = "5d1c0000-0000-4000-8000-000000000002";
    public static final String TASK_CHECK = "5d1c0000-0000-4000-8000-000000000003";
    public static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static final String PLAN = """
            {"id": "%s", "name": "notebook", "description": "A Jupyter notebook",
             "created": "2026-11-23T10:00:00Z", "latestVersion": 1, "futureField": {"ignored": true}}
            """.formatted(PLAN_ID);

    public static final String PLAN_WITHOUT_CONFIGURATION = """
            {"id": "7c6f0000-0000-4000-8000-000000000002", "name": "spark", "description": "",
             "created": "2026-11-23T11:30:00Z", "latestVersion": null}
            """;

    public static final String CONFIGURATION = """
            {"id": "c0f10000-0000-4000-8000-000000000001", "plan": "notebook", "version": 1,
             "created": "2026-11-23T10:00:01Z",
             "installTasks": [
               {"name": "prepare", "kind": "script", "script": {"path": "notebook/prepare.sh"}, "interpreter": "sh",
                "arguments": ["--fast"], "environment": {"LOG_LEVEL": "info"}, "settings": {},
                "timeout": "PT5M", "retries": 2, "retryBackoff": "PT1S", "repeatable": true},
               {"name": "start", "kind": "script", "script": {"url": "https://example.org/start.py",
                "sha256": "%s"}, "interpreter": "python3", "arguments": [], "environment": {},
                "settings": {}, "timeout": "PT10M", "retries": 0, "retryBackoff": "PT1S", "repeatable": false}
             ],
             "removeTasks": [{"name": "stop", "kind": "script", "script": {"path": "notebook/stop.sh"},
                "interpreter": "sh", "arguments": [], "environment": {}, "settings": {}, "timeout": "PT10M",
                "retries": 0, "retryBackoff": "PT1S", "repeatable": false}],
             "healthCheck": {"name": "probe", "kind": "script", "script": {"path": "notebook/health.sh"},
                "interpreter": "sh", "arguments": [], "environment": {}, "settings": {}, "timeout": "PT30S",
                "retries": 0, "retryBackoff": "PT1S", "repeatable": true},
             "healthInterval": "PT1M"}
            """.formatted(SHA);

    /** A command in the given state; its three tasks end in the given states. */
    public static String command(String state, int code, String reason, String... taskStates) {
        String[] names = {"prepare", "start", "check"};
        String[] ids = {TASK_PREPARE, TASK_START, TASK_CHECK};
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < taskStates.length; i++) {
            String[] parts = taskStates[i].split(":");
            String exit = parts.length > 2 ? parts[2] : "null";
            String taskReason = parts.length > 3 ? parts[3] : "";
            tasks.append(i == 0 ? "" : ",").append("""
                    {"id": "%s", "seq": %d, "phase": "install", "name": "%s", "kind": "script",
                     "state": "%s", "stateCode": %s, "attempt": %s, "startedAt": "2026-11-23T10:05:0%dZ",
                     "finishedAt": "2026-11-23T10:05:0%dZ", "exitCode": %s, "output": "ok\\n", "reason": "%s"}
                    """.formatted(ids[i], i, names[i], parts[0], code(parts[0]), parts[1], i, i + 1, exit, taskReason));
        }
        return """
                {"id": "%s", "action": "install", "plan": "notebook", "deployment": "%s", "configurationVersion": 1,
                 "parameters": {"size": "small"}, "requester": "%s", "state": "%s", "stateCode": %d,
                 "reason": "%s", "created": "2026-11-23T10:05:00Z", "updated": "2026-11-23T10:05:09.123456Z",
                 "tasks": [%s]}
                """.formatted(COMMAND_ID, DEPLOYMENT_ID, ACCOUNT_ID, state, code, reason, tasks);
    }

    public static final String COMMAND_COMPLETED = command("COMPLETED", 5, "",
            "COMPLETED:1:0", "COMPLETED:2:0", "COMPLETED:1:0");

    public static final String COMMAND_INITIATED = command("INITIATED", 0, "",
            "INITIATED:0", "INITIATED:0", "INITIATED:0");

    public static final String COMMAND_FAILED = command("FAILED", 9, "task 'start' failed: exit code 3",
            "COMPLETED:1:0", "FAILED:2:3:exit code 3", "REMOVED:0:null:not run after an earlier task failed");

    public static final String DEPLOYMENT = """
            {"id": "%s", "plan": "notebook", "configurationVersion": 1, "owner": "%s",
             "parameters": {"size": "small"}, "state": "COMPLETED", "stateCode": 5, "reason": "",
             "health": {"status": "HEALTHY", "checkedAt": "2026-11-23T10:06:00Z", "message": ""},
             "created": "2026-11-23T10:05:00Z", "updated": "2026-11-23T10:05:09Z"}
            """.formatted(DEPLOYMENT_ID, ACCOUNT_ID);

    public static final String REMOVED_DEPLOYMENT = """
            {"id": "0b1e0000-0000-4000-8000-000000000002", "plan": "spark", "configurationVersion": 3,
             "owner": "%s", "parameters": {}, "state": "REMOVED", "stateCode": 8, "reason": "",
             "health": {"status": "UNKNOWN", "checkedAt": null, "message": ""},
             "created": "2026-11-22T08:00:00Z", "updated": "2026-11-22T09:15:00Z"}
            """.formatted(ACCOUNT_ID);

    public static final String ME = """
            {"id": "%s", "name": "admin", "role": "ADMIN", "level": 1}
            """.formatted(ACCOUNT_ID);

    /** The events of {@link #COMMAND_COMPLETED}, numbered 1 to 8, the last one ending the command. */
    public static final String[][] EVENTS = {
            {"command", event(1, "command", null, null, "PENDING", 1, 0, "")},
            {"task", event(2, "task", TASK_PREPARE, "prepare", "PENDING", 1, 1, "")},
            {"task", event(3, "task", TASK_PREPARE, "prepare", "COMPLETED", 5, 1, "exit code 0")},
            {"task", event(4, "task", TASK_START, "start", "PENDING", 1, 1, "")},
            {"progress", event(5, "progress", TASK_START, "start", "PENDING", 1, 1, "pulling image")},
            {"task", event(6, "task", TASK_START, "start", "COMPLETED", 5, 2, "exit code 0")},
            {"task", event(7, "task", TASK_CHECK, "check", "COMPLETED", 5, 1, "exit code 0")},
            {"command", event(8, "command", null, null, "COMPLETED", 5, 0, "")},
    };

    public static String event(long seq, String type, String task, String taskName, String state, int code,
                               int attempt, String message) {
        return "{\"seq\":" + seq + ",\"at\":\"2026-11-23T10:05:0" + seq + "Z\",\"type\":\"" + type + "\",\"task\":"
                + (task == null ? "null" : "\"" + task + "\"") + ",\"taskName\":"
                + (taskName == null ? "null" : "\"" + taskName + "\"") + ",\"state\":\"" + state
                + "\",\"stateCode\":" + code + ",\"attempt\":" + attempt + ",\"message\":\"" + message + "\"}";
    }

    private static int code(String state) {
        return switch (state) {
            case "INITIATED" -> 0;
            case "PENDING" -> 1;
            case "COMPLETED" -> 5;
            case "REMOVED" -> 8;
            case "FAILED" -> 9;
            default -> throw new IllegalArgumentException(state);
        };
    }

    private Samples() {
    }
}
