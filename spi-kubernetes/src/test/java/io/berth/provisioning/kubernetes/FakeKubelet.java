package io.berth.provisioning.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the parts of a cluster the mock API server lacks: the deployment controller (it creates a pod per
 * replica of each Berth Deployment, refuses pods beyond the namespace's quota with a {@code FailedCreate}
 * event, and deletes pods of gone or older templates) and the kubelet (it moves each pod one step per tick:
 * scheduled, pulling, started, ready, with the events a real kubelet writes).
 *
 * <p>What happens to a pod depends on its image reference: one containing {@value #MISSING} fails to pull
 * ({@code ErrImagePull}), {@value #CRASH} crashes in a loop, {@value #UNSCHEDULABLE} finds no node, and
 * {@value #NEVER_READY} stays pulling for ever. Every other image becomes ready after four ticks.
 */
final class FakeKubelet implements AutoCloseable {

    static final String MISSING = "missing";
    static final String CRASH = "crash";
    static final String UNSCHEDULABLE = "unschedulable";
    static final String NEVER_READY = "never-ready";
    static final String NODE = "node-1";

    private static final String OWNER = "fake.berth.io/owner";

    private final KubernetesClient client;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "fake-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    private final Set<String> refused = new HashSet<>();
    private final AtomicInteger eventCount = new AtomicInteger();
    private final AtomicInteger tickCount = new AtomicInteger();

    FakeKubelet(KubernetesClient client) {
        this.client = client;
        ticks.scheduleWithFixedDelay(this::tick, 0, 25, TimeUnit.MILLISECONDS);
    }

    /** How many ticks have run, for tests that must know the fake has looked at the cluster. */
    int ticks() {
        return tickCount.get();
    }

    private void tick() {
        try {
            control();
            for (Pod pod : client.pods().inAnyNamespace().withLabel(Manifests.MANAGED_BY, "berth").list().getItems()) {
                advance(pod);
            }
        } catch (RuntimeException e) {
            // Objects come and go while the test runs; the next tick sees the new state.
        } finally {
            tickCount.incrementAndGet();
        }
    }

    private void control() {
        List<Deployment> deployments = client.apps().deployments().inAnyNamespace()
                .withLabel(Manifests.MANAGED_BY, "berth").list().getItems();
        Map<String, Deployment> byKey = new HashMap<>();
        for (Deployment deployment : deployments) {
            byKey.put(deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName(), deployment);
        }
        for (Pod pod : client.pods().inAnyNamespace().withLabel(Manifests.MANAGED_BY, "berth").list().getItems()) {
            String owner = pod.getMetadata().getAnnotations() == null ? null
                    : pod.getMetadata().getAnnotations().get(OWNER);
            Deployment deployment = byKey.get(pod.getMetadata().getNamespace() + "/" + owner);
            if (deployment == null || !revision(deployment).equals(pod.getMetadata().getLabels().get(Manifests.REVISION))
                    || index(pod) >= deployment.getSpec().getReplicas()) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
            }
        }
        for (Deployment deployment : deployments) {
            String namespace = deployment.getMetadata().getNamespace();
            for (int i = 0; i < deployment.getSpec().getReplicas(); i++) {
                String name = deployment.getMetadata().getName() + "-" + revision(deployment) + "-" + i;
                if (client.pods().inNamespace(namespace).withName(name).get() != null) {
                    continue;
                }
                Pod pod = new PodBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace)
                        .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                        .withAnnotations(Map.of(OWNER, deployment.getMetadata().getName()))
                        .endMetadata()
                        .withSpec(deployment.getSpec().getTemplate().getSpec())
                        .build();
                String refusal = quotaRefusal(namespace, pod);
                if (refusal != null) {
                    String replicaSet = deployment.getMetadata().getName() + "-" + revision(deployment);
                    if (refused.add(replicaSet)) {
                        event(namespace, "ReplicaSet", replicaSet, "FailedCreate", "Warning",
                                "Error creating: pods \"" + name + "\" is forbidden: exceeded quota: "
                                        + Manifests.QUOTA_NAME + ", " + refusal);
                    }
                    break;
                }
                client.pods().inNamespace(namespace).resource(pod).create();
            }
        }
    }

    private String quotaRefusal(String namespace, Pod newPod) {
        ResourceQuota quota = client.resourceQuotas().inNamespace(namespace).withName(Manifests.QUOTA_NAME).get();
        if (quota == null || quota.getSpec().getHard().get("limits.cpu") == null) {
            return null;
        }
        BigDecimal used = cpu(newPod);
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            used = used.add(cpu(pod));
        }
        BigDecimal hard = quota.getSpec().getHard().get("limits.cpu").getNumericalAmount();
        return used.compareTo(hard) > 0 ? "requested: limits.cpu, used+requested: " + used + ", limited: " + hard : null;
    }

    private static BigDecimal cpu(Pod pod) {
        BigDecimal sum = BigDecimal.ZERO;
        for (var container : pod.getSpec().getContainers()) {
            Quantity cpu = container.getResources() == null || container.getResources().getLimits() == null ? null
                    : container.getResources().getLimits().get("cpu");
            if (cpu != null) {
                sum = sum.add(cpu.getNumericalAmount());
            }
        }
        return sum;
    }

    private void advance(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String key = namespace + "/" + name + "/" + pod.getMetadata().getUid();
        String image = pod.getSpec().getContainers().get(0).getImage();
        int step = steps.getOrDefault(key, 0);
        var resource = client.pods().inNamespace(namespace).withName(name);
        switch (step) {
            case 0 -> {
                if (image.contains(UNSCHEDULABLE)) {
                    status(resource, pod, List.of(condition("PodScheduled", "False", "Unschedulable",
                            "0/1 nodes are available: 1 Insufficient cpu.")), List.of());
                    event(namespace, "Pod", name, "FailedScheduling", "Warning",
                            "0/1 nodes are available: 1 Insufficient cpu.");
                    steps.put(key, 99);
                    return;
                }
                resource.edit(current -> new PodBuilder(current).editSpec().withNodeName(NODE).endSpec().build());
                status(resource, pod, List.of(condition("PodScheduled", "True", null, null)), List.of());
                event(namespace, "Pod", name, "Scheduled", "Normal", "Successfully assigned " + namespace + "/" + name
                        + " to " + NODE);
            }
            case 1 -> {
                event(namespace, "Pod", name, "Pulling", "Normal", "Pulling image \"" + image + "\"");
                if (image.contains(MISSING)) {
                    status(resource, pod, List.of(condition("PodScheduled", "True", null, null)),
                            List.of(waiting(pod, "ErrImagePull", "rpc error: code = NotFound desc = failed to pull and"
                                    + " unpack image \"" + image + "\": not found")));
                    steps.put(key, 99);
                    return;
                }
                status(resource, pod, List.of(condition("PodScheduled", "True", null, null)),
                        List.of(waiting(pod, "ContainerCreating", null)));
                if (image.contains(NEVER_READY)) {
                    steps.put(key, 99);
                    return;
                }
            }
            case 2 -> {
                event(namespace, "Pod", name, "Pulled", "Normal", "Successfully pulled image \"" + image + "\"");
                event(namespace, "Pod", name, "Started", "Normal", "Started container");
                if (image.contains(CRASH)) {
                    status(resource, pod, List.of(condition("PodScheduled", "True", null, null)),
                            List.of(waiting(pod, "CrashLoopBackOff", "back-off 10s restarting failed container")));
                    steps.put(key, 99);
                    return;
                }
                status(resource, pod, List.of(condition("PodScheduled", "True", null, null)), List.of(running(pod)));
            }
            case 3 -> status(resource, pod, List.of(condition("PodScheduled", "True", null, null),
                    condition("Ready", "True", null, null)), List.of(running(pod)));
            default -> {
                return;
            }
        }
        steps.put(key, step + 1);
    }

    private static void status(io.fabric8.kubernetes.client.dsl.PodResource resource, Pod pod,
                               List<PodCondition> conditions, List<ContainerStatus> containers) {
        resource.editStatus(current -> new PodBuilder(current).withNewStatus().withPhase(
                        containers.stream().anyMatch(c -> c.getState().getRunning() != null) ? "Running" : "Pending")
                .withConditions(conditions).withContainerStatuses(containers).endStatus().build());
    }

    private static PodCondition condition(String type, String status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
    }

    private static ContainerStatus waiting(Pod pod, String reason, String message) {
        return new ContainerStatusBuilder().withName(pod.getSpec().getContainers().get(0).getName())
                .withImage(pod.getSpec().getContainers().get(0).getImage()).withReady(false)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                        .endWaiting().build()).build();
    }

    private static ContainerStatus running(Pod pod) {
        return new ContainerStatusBuilder().withName(pod.getSpec().getContainers().get(0).getName())
                .withImage(pod.getSpec().getContainers().get(0).getImage()).withReady(true)
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt("2030-01-01T00:00:00Z")
                        .endRunning().build()).build();
    }

    private void event(String namespace, String kind, String object, String reason, String type, String message) {
        int number = eventCount.incrementAndGet();
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withName(object + "." + number).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(object).withNamespace(namespace).endInvolvedObject()
                .withReason(reason).withMessage(message).withType(type).withCount(1)
                .build()).create();
    }

    private static String revision(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels().get(Manifests.REVISION);
    }

    private static int index(Pod pod) {
        String name = pod.getMetadata().getName();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    /** Stops ticking and waits for the current tick to end, so nothing talks to the server after this. */
    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            if (!ticks.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake kubelet did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the fake kubelet", e);
        }
    }

    static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> objects) {
        List<String> names = new ArrayList<>();
        objects.forEach(object -> names.add(object.getMetadata().getName()));
        return names;
    }
}
