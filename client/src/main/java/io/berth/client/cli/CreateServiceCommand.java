package io.berth.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.berth.client.BerthJson;
import io.berth.client.ConfigurationRequest;
import io.berth.client.PlanRequest;
import io.berth.client.PlanView;
import io.berth.client.ScriptView;
import io.berth.client.TaskSpecView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@Command(name = "createservice", mixinStandardHelpOptions = true,
        description = {"Create a plan, with its first configuration when scripts or a file are given.",
                "A SCRIPT is a path under the server's script root (notebook/install.sh) or URL#sha256=HEX for a"
                        + " script the server fetches; the task is named after the file, without extension."})
final class CreateServiceCommand extends BerthCommand {

    private static final String DIGEST = "#sha256=";

    @Parameters(index = "0", paramLabel = "NAME", description = "The plan's name: lower-case letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the service is.")
    String description;

    @Option(names = "--file", paramLabel = "FILE",
            description = "A JSON document {\"description\": ..., \"configuration\": {...}} as in the API's POST /plans.")
    Path file;

    @Option(names = "--install", paramLabel = "SCRIPT", description = "An install task, in order (repeatable).")
    List<String> install = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "SCRIPT", description = "A removal task, in order (repeatable).")
    List<String> remove = new ArrayList<>();

    @Option(names = "--health", paramLabel = "SCRIPT", description = "The health check.")
    String health;

    @Option(names = "--interpreter", paramLabel = "PROGRAM", defaultValue = "sh",
            description = "The program that runs the scripts (default: ${DEFAULT-VALUE}).")
    String interpreter;

    @Option(names = "--retries", paramLabel = "N", description = "Further attempts after a failed one (server default 0).")
    Integer retries;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long one attempt may take, ISO-8601 such as PT5M (server default PT10M).")
    Duration timeout;

    @Option(names = "--repeatable", description = "The tasks are safe to run again after a server crash.")
    boolean repeatable;

    @Option(names = "--health-interval", paramLabel = "DURATION",
            description = "How often the health check runs, ISO-8601 (server default PT1M).")
    Duration healthInterval;

    /** The shape of {@code --file}. */
    record PlanFile(String description, ConfigurationRequest configuration) {
    }

    @Override
    int execute() {
        PlanRequest request = file != null ? fromFile() : fromOptions();
        PlanView plan = client().createPlan(request);
        if (json()) {
            printJson(plan);
        } else {
            Views.printPlan(out(), plan);
        }
        return ExitCodes.OK;
    }

    private PlanRequest fromFile() {
        for (String option : List.of("--install", "--remove", "--health", "--interpreter", "--retries", "--timeout",
                "--repeatable", "--health-interval")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw usage("--file and " + option + " cannot be combined: the file holds the whole configuration");
            }
        }
        PlanFile content;
        try {
            // Strict, unlike answers from the server: a misspelt field in a hand-written file must not
            // silently drop tasks.
            ObjectReader reader = BerthJson.newObjectMapper().readerFor(PlanFile.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            content = reader.readValue(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw usage("cannot read " + file + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw usage("cannot read " + file + ": " + e.getMessage());
        }
        if (content == null) {
            throw usage(file + " is empty");
        }
        return new PlanRequest(name, description != null ? description : content.description(), content.configuration());
    }

    private PlanRequest fromOptions() {
        if (install.isEmpty() && remove.isEmpty() && health == null) {
            return new PlanRequest(name, description, null);
        }
        List<TaskSpecView> installTasks = tasks(install);
        List<TaskSpecView> removeTasks = tasks(remove);
        TaskSpecView healthCheck = health == null ? null : task(health, taskName(health));
        return new PlanRequest(name, description,
                new ConfigurationRequest(installTasks, removeTasks, healthCheck, healthInterval));
    }

    private List<TaskSpecView> tasks(List<String> scripts) {
        List<TaskSpecView> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String script : scripts) {
            String base = taskName(script);
            String unique = base;
            for (int n = 2; !names.add(unique); n++) {
                unique = base + "-" + n;
            }
            tasks.add(task(script, unique));
        }
        return tasks;
    }

    private TaskSpecView task(String script, String taskName) {
        return TaskSpecView.script(taskName, script(script), interpreter.isBlank() ? null : interpreter)
                .withRetries(retries)
                .withTimeout(timeout)
                .withRepeatable(repeatable ? Boolean.TRUE : null);
    }

    private ScriptView script(String script) {
        if (!script.contains("://")) {
            return ScriptView.installed(script);
        }
        int digest = script.toLowerCase(Locale.ROOT).lastIndexOf(DIGEST);
        if (digest < 0) {
            throw usage("a fetched script needs its digest, as URL" + DIGEST + "HEX: " + script);
        }
        try {
            return ScriptView.fetched(new URI(script.substring(0, digest)), script.substring(digest + DIGEST.length()));
        } catch (java.net.URISyntaxException e) {
            throw usage("not a URL: " + e.getMessage());
        }
    }

    /** The file's name without directory and extension, as a task name the server accepts. */
    static String taskName(String script) {
        String path = script;
        int digest = path.toLowerCase(Locale.ROOT).lastIndexOf(DIGEST);
        if (path.contains("://")) {
            path = digest < 0 ? path : path.substring(0, digest);
            path = URI.create(path.replace(" ", "%20")).getPath();
            path = path == null ? "" : path;
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        if (dot > 0) {
            file = file.substring(0, dot);
        }
        String slug = file.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-")
                .replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("[^a-z0-9]+$", "");
        }
        return slug.isEmpty() ? "task" : slug;
    }
}
