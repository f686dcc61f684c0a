package io.berth.provisioning.kubernetes;

import io.berth.provisioning.spi.TaskMonitor;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Waits until the pods of a task are ready, reading pods and events at a short interval, and ends the wait at
 * once when Kubernetes says the pods cannot start: an image that cannot be pulled or is malformed, a container
 * that crashes in a loop, a pod that cannot be scheduled, or a quota that refuses a pod. Each step a pod takes
 * (scheduled, pulling, started, ready) is reported to the monitor once, in order.
 *
 * <p>Polling rather than a watch: a wait holds no connection or thread beyond the caller's, so nothing is left
 * behind when the task ends, is cancelled or the provider closes. Not thread safe: one waiter per task.
 */
final class PodWaiter {

    /** How a wait ended. {@code reason} is typed ({@code image-pull-failed: ...}) for a failure. */
    record Result(Status status, String reason) {
        enum Status { READY, FAILED, TIMED_OUT, CANCELLED }
    }

    /**
     * What to wait for: {@code replicas} ready pods of the current {@code revision} with these labels.
     *
     * @param name     the name of the component's Deployment; events about objects whose names start with it
     *                 (its ReplicaSets and pods) concern the target
     * @param selector the component's labels
     */
    record Target(String component, String name, Map<String, String> selector, String revision, int replicas) {
    }

    private enum Stage {
        SCHEDULED, PULLING, STARTED, READY
    }

    private final KubernetesClient client;
    private final String namespace;
    private final TaskMonitor monitor;
    private final BooleanSupplier closed;
    private final long pollNanos;
    private final List<String> log;
    private final Map<String, Stage> reached = new HashMap<>();
    private final Set<String> oldEvents = new HashSet<>();

    /**
     * @param log receives each progress message too, for the task's output
     */
    PodWaiter(KubernetesClient client, String namespace, TaskMonitor monitor, BooleanSupplier closed,
              long pollNanos, List<String> log) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.monitor = requireNonNull(monitor, "monitor is null");
        this.closed = requireNonNull(closed, "closed is null");
        this.pollNanos = pollNanos;
        this.log = requireNonNull(log, "log is null");
    }

    /**
     * Remembers the events that exist before the task changes anything, so that an old failure (of an earlier
     * attempt, say) does not end this one.
     */
    void snapshotEvents() {
        for (Event event : events()) {
            oldEvents.add(eventKey(event));
        }
    }

    /**
     * Waits for every target until {@code deadlineNanos} (of {@link System#nanoTime()}).
     */
    Result await(List<Target> targets, long deadlineNanos) {
        CountDownLatch wake = new CountDownLatch(1);
        monitor.onCancel(wake::countDown);
        while (true) {
            if (monitor.isCancelled()) {
                return new Result(Result.Status.CANCELLED, "cancelled while waiting for pods");
            }
            if (closed.getAsBoolean()) {
                return new Result(Result.Status.CANCELLED, "the kubernetes provider was closed");
            }
            Result result = check(targets);
            if (result != null) {
                return result;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return new Result(Result.Status.TIMED_OUT, "pods not ready in time: " + readiness(targets));
            }
            try {
                wake.await(Math.min(left, pollNanos), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Result.Status.CANCELLED, "interrupted while waiting for pods");
            }
        }
    }

    /** One look at the pods and events: a result when the wait is over, else null. */
    Result check(List<Target> targets) {
        Map<String, List<String>> eventReasons = new HashMap<>();
        for (Event event : events()) {
            String key = eventKey(event);
            if (oldEvents.contains(key) || event.getInvolvedObject() == null
                    || event.getInvolvedObject().getName() == null
                    || targets.stream().noneMatch(target -> event.getInvolvedObject().getName()
                    .startsWith(target.name() + "-"))) {
                continue;
            }
            String reason = String.valueOf(event.getReason());
            String message = String.valueOf(event.getMessage());
            if (reason.equals("FailedScheduling")) {
                return failed("unschedulable", message);
            }
            if (reason.equals("FailedCreate") && message.contains("exceeded quota")) {
                return failed("quota-exceeded", message);
            }
            eventReasons.computeIfAbsent(event.getInvolvedObject().getName(), name -> new ArrayList<>()).add(reason);
        }
        boolean allReady = true;
        for (Target target : targets) {
            int ready = 0;
            for (Pod pod : pods(target)) {
                Result failure = failure(pod);
                if (failure != null) {
                    return failure;
                }
                String name = pod.getMetadata().getName();
                report(pod, eventReasons.getOrDefault(name, List.of()));
                if (isReady(pod)) {
                    ready++;
                }
            }
            if (ready < target.replicas()) {
                allReady = false;
            }
        }
        return allReady ? new Result(Result.Status.READY, "") : null;
    }

    /** For example {@code notebook 0/1, workers 2/3}. */
    String readiness(List<Target> targets) {
        List<String> parts = new ArrayList<>();
        for (Target target : targets) {
            long ready = pods(target).stream().filter(PodWaiter::isReady).count();
            parts.add(target.component() + " " + ready + "/" + target.replicas());
        }
        return String.join(", ", parts);
    }

    /** The current-revision pods of a target that are not being deleted. */
    List<Pod> pods(Target target) {
        Map<String, String> labels = new LinkedHashMap<>(target.selector());
        if (target.revision() != null) {
            labels.put(Manifests.REVISION, target.revision());
        }
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    private static String eventKey(Event event) {
        String uid = event.getMetadata() == null ? null : event.getMetadata().getUid();
        return uid != null ? uid + "/" + event.getCount() : String.valueOf(event.getMetadata().getName()) + "/"
                + event.getCount();
    }

    /** A failure Kubernetes will not recover from by itself, typed for the task's reason, or null. */
    static Result failure(Pod pod) {
        String name = pod.getMetadata().getName();
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        for (ContainerStatus status : statuses) {
            if (status.getState() == null || status.getState().getWaiting() == null) {
                continue;
            }
            String reason = String.valueOf(status.getState().getWaiting().getReason());
            String message = "pod " + name + " container " + status.getName() + ": " + reason
                    + (status.getState().getWaiting().getMessage() == null ? ""
                    : " " + status.getState().getWaiting().getMessage());
            switch (reason) {
                case "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull" -> {
                    return failed("image-pull-failed", message);
                }
                case "InvalidImageName" -> {
                    return failed("invalid-image", message);
                }
                case "CrashLoopBackOff" -> {
                    return failed("crash-loop", message);
                }
                case "CreateContainerConfigError", "CreateContainerError" -> {
                    return failed("container-config-error", message);
                }
                default -> {
                    // ContainerCreating, PodInitializing: still on its way.
                }
            }
        }
        PodCondition scheduled = condition(pod, "PodScheduled");
        if (scheduled != null && "False".equals(scheduled.getStatus()) && "Unschedulable".equals(scheduled.getReason())) {
            return failed("unschedulable", "pod " + name + ": " + scheduled.getMessage());
        }
        if ("Failed".equals(pod.getStatus().getPhase())) {
            return failed("pod-failed", "pod " + name + ": " + pod.getStatus().getReason() + " "
                    + pod.getStatus().getMessage());
        }
        return null;
    }

    private void report(Pod pod, List<String> eventReasons) {
        String name = pod.getMetadata().getName();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        // Evidence that stays (node name, events, conditions), so a step that passed between two looks is still seen.
        java.util.EnumSet<Stage> observed = java.util.EnumSet.noneOf(Stage.class);
        if (node != null || isTrue(pod, "PodScheduled") || eventReasons.contains("Scheduled")) {
            observed.add(Stage.SCHEDULED);
        }
        if (eventReasons.contains("Pulling")) {
            observed.add(Stage.PULLING);
        }
        if (eventReasons.contains("Started") || allRunning(pod)) {
            observed.add(Stage.STARTED);
        }
        if (isReady(pod)) {
            observed.add(Stage.READY);
        }
        Stage before = reached.get(name);
        for (Stage step : observed) {
            if (before != null && step.compareTo(before) <= 0) {
                continue;
            }
            String message = switch (step) {
                case SCHEDULED -> "pod " + name + " scheduled" + (node == null ? "" : " on node " + node);
                case PULLING -> "pod " + name + " pulling image " + image(pod);
                case STARTED -> "pod " + name + " started";
                case READY -> "pod " + name + " ready";
            };
            log.add(message);
            monitor.progress(message);
            reached.put(name, step);
        }
    }

    private static String image(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers().isEmpty() ? "?"
                : pod.getSpec().getContainers().get(0).getImage();
    }

    private static boolean allRunning(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        return statuses != null && !statuses.isEmpty() && statuses.stream()
                .allMatch(status -> status.getState() != null && status.getState().getRunning() != null);
    }

    static boolean isReady(Pod pod) {
        return isTrue(pod, "Ready");
    }

    private static boolean isTrue(Pod pod, String type) {
        PodCondition condition = condition(pod, type);
        return condition != null && "True".equals(condition.getStatus());
    }

    private static PodCondition condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static Result failed(String type, String message) {
        return new Result(Result.Status.FAILED, type + ": " + message);
    }
}
