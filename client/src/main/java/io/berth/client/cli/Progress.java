package io.berth.client.cli;

import io.berth.client.EventView;
import io.berth.client.TaskView;
import io.berth.core.state.State;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks of a watched command and how far they are, fed by its events; renders one progress line
 * per event, e.g. {@code [=====>    ] 2/3 prepare COMPLETED(5)}.
 */
final class Progress {

    static final int WIDTH = 10;

    private final Map<String, State> tasks = new LinkedHashMap<>();

    Progress(List<TaskView> tasks) {
        // Every task starts out not done: the events are replayed from the first, and they move them on.
        for (TaskView task : tasks) {
            this.tasks.put(key(task.id(), task.name()), State.INITIATED);
        }
    }

    String update(EventView event) {
        if (!EventView.COMMAND.equals(event.type()) && event.state() != null) {
            tasks.put(key(event.task(), event.taskName()), event.state());
        }
        int done = (int) tasks.values().stream().filter(State::isTerminal).count();
        int total = tasks.size();
        return bar(done, total) + " " + done + "/" + total + " " + label(event);
    }

    static String bar(int done, int total) {
        int filled = total == 0 ? 0 : done * WIDTH / total;
        String fill = filled == 0 ? "" : filled == WIDTH ? "=".repeat(WIDTH) : "=".repeat(filled - 1) + ">";
        return "[" + fill + " ".repeat(WIDTH - fill.length()) + "]";
    }

    private static String label(EventView event) {
        String subject;
        if (EventView.COMMAND.equals(event.type())) {
            subject = "command";
        } else {
            subject = event.taskName() != null ? event.taskName() : event.task() != null ? event.task() : "task";
            if (event.attempt() > 1) {
                subject += " (attempt " + event.attempt() + ")";
            }
        }
        String line = subject + " " + Text.state(event.state(), event.stateCode());
        boolean worthSaying = EventView.PROGRESS.equals(event.type()) || event.state() == State.FAILED;
        return worthSaying && event.message() != null && !event.message().isBlank()
                ? line + ": " + event.message().strip() : line;
    }

    private static String key(String id, String name) {
        return id != null ? id : "name:" + name;
    }
}
