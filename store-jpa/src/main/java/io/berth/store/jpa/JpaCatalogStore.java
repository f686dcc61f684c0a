package io.berth.store.jpa;

import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.CatalogStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

final class JpaCatalogStore implements CatalogStore {
    private final Transactions transactions;

    JpaCatalogStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insertPlan(ServicePlan plan) {
        requireNonNull(plan, "plan is null");
        transactions.execute("insertPlan", em -> {
            if (planByName(em, plan.name()).isPresent()) {
                throw planExists(plan.name());
            }
            em.persist(PlanEntity.of(plan));
            try {
                em.flush();
            } catch (PersistenceException e) {
                // Another transaction inserted the name between the lookup and the insert.
                if (StoreErrors.isUniqueViolation(e, "uk_plan_name")) {
                    throw planExists(plan.name());
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<ServicePlan> findPlan(PlanId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findPlan",
                em -> Optional.ofNullable(em.find(PlanEntity.class, id.value())).map(PlanEntity::toDomain));
    }

    @Override
    public Optional<ServicePlan> findPlanByName(String name) {
        requireNonNull(name, "name is null");
        return transactions.read("findPlanByName", em -> planByName(em, name).map(PlanEntity::toDomain));
    }

    @Override
    public List<ServicePlan> listPlans() {
        return transactions.read("listPlans", em -> em
                .createQuery("select p from PlanEntity p order by p.name", PlanEntity.class)
                .getResultStream().map(PlanEntity::toDomain).toList());
    }

    @Override
    public void deletePlan(PlanId id) {
        requireNonNull(id, "id is null");
        transactions.execute("deletePlan", em -> {
            // The lock makes a concurrent install of this plan wait for the outcome (its foreign key check needs
            // the row), so "not in use" cannot change between the check and the delete.
            PlanEntity plan = em.find(PlanEntity.class, id.value(), LockModeType.PESSIMISTIC_WRITE);
            if (plan == null) {
                throw new BerthException(ErrorCode.PLAN_NOT_FOUND, "no plan " + id);
            }
            Long deployments = em.createQuery(
                            "select count(d) from DeploymentEntity d where d.planId = :plan", Long.class)
                    .setParameter("plan", id.value()).getSingleResult();
            if (deployments > 0) {
                throw planInUse(plan.name, deployments);
            }
            try {
                // Task specs and their arguments, environment and settings go by ON DELETE CASCADE.
                em.createQuery("delete from ConfigurationEntity c where c.planId = :plan")
                        .setParameter("plan", id.value()).executeUpdate();
                em.remove(plan);
                em.flush();
            } catch (PersistenceException e) {
                if (StoreErrors.isForeignKeyViolation(e)) {
                    throw planInUse(plan.name, 1);
                }
                throw e;
            }
        });
    }

    @Override
    public void insertConfiguration(ServiceConfiguration configuration) {
        requireNonNull(configuration, "configuration is null");
        ConfigurationEntity entity = ConfigurationEntity.of(configuration);
        List<TaskSpecEntity> specs = ConfigurationEntity.taskSpecs(configuration);
        transactions.execute("insertConfiguration", em -> {
            if (em.find(PlanEntity.class, configuration.plan().value()) == null) {
                throw planNotFound(configuration.plan());
            }
            if (configurationByVersion(em, configuration.plan().value(), configuration.version())) {
                throw versionTaken(configuration);
            }
            em.persist(entity);
            specs.forEach(em::persist);
            try {
                em.flush();
            } catch (PersistenceException e) {
                if (StoreErrors.isUniqueViolation(e, "uk_configuration_version")) {
                    throw versionTaken(configuration);
                }
                if (StoreErrors.isForeignKeyViolation(e)) {
                    throw planNotFound(configuration.plan());
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<ServiceConfiguration> findConfiguration(ConfigurationId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findConfiguration", em -> Optional
                .ofNullable(em.find(ConfigurationEntity.class, id.value()))
                .map(configuration -> withTasks(em, List.of(configuration)).get(0)));
    }

    @Override
    public Optional<ServiceConfiguration> latestConfiguration(PlanId plan) {
        requireNonNull(plan, "plan is null");
        return transactions.read("latestConfiguration", em -> em
                .createQuery("select c from ConfigurationEntity c where c.planId = :plan order by c.version desc",
                        ConfigurationEntity.class)
                .setParameter("plan", plan.value())
                .setMaxResults(1)
                .getResultStream().findFirst()
                .map(configuration -> withTasks(em, List.of(configuration)).get(0)));
    }

    @Override
    public List<ServiceConfiguration> listConfigurations(PlanId plan) {
        requireNonNull(plan, "plan is null");
        return transactions.read("listConfigurations", em -> withTasks(em, em
                .createQuery("select c from ConfigurationEntity c where c.planId = :plan order by c.version",
                        ConfigurationEntity.class)
                .setParameter("plan", plan.value())
                .getResultList()));
    }

    /**
     * The configurations with their tasks, read with one query for all task rows; their arguments, environment
     * and settings come in batches (hibernate.default_batch_fetch_size), not one query per task.
     */
    private static List<ServiceConfiguration> withTasks(EntityManager em, List<ConfigurationEntity> configurations) {
        if (configurations.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<TaskSpecEntity>> specs = new LinkedHashMap<>();
        configurations.forEach(configuration -> specs.put(configuration.id, new ArrayList<>()));
        em.createQuery("select t from TaskSpecEntity t where t.configurationId in :ids", TaskSpecEntity.class)
                .setParameter("ids", specs.keySet())
                .getResultList()
                .forEach(spec -> specs.get(spec.configurationId).add(spec));
        return configurations.stream().map(configuration -> configuration.toDomain(specs.get(configuration.id)))
                .toList();
    }

    private static Optional<PlanEntity> planByName(EntityManager em, String name) {
        return em.createQuery("select p from PlanEntity p where p.name = :name", PlanEntity.class)
                .setParameter("name", name)
                .getResultStream().findFirst();
    }

    private static boolean configurationByVersion(EntityManager em, UUID plan, int version) {
        return !em.createQuery("select c.id from ConfigurationEntity c where c.planId = :plan and c.version = :version",
                        UUID.class)
                .setParameter("plan", plan)
                .setParameter("version", version)
                .getResultList().isEmpty();
    }

    private static BerthException planExists(String name) {
        return new BerthException(ErrorCode.PLAN_EXISTS, "a plan named '" + name + "' exists");
    }

    private static BerthException planNotFound(PlanId plan) {
        return new BerthException(ErrorCode.PLAN_NOT_FOUND, "no plan " + plan);
    }

    private static BerthException planInUse(String name, long deployments) {
        return new BerthException(ErrorCode.PLAN_IN_USE,
                "plan '" + name + "' is used by " + (deployments == 1 ? "a deployment" : deployments + " deployments")
                        + " (removed deployments are kept for history)");
    }

    private static BerthException versionTaken(ServiceConfiguration configuration) {
        return new BerthException(ErrorCode.CONFIGURATION_VERSION_TAKEN,
                "plan " + configuration.plan() + " already has configuration version " + configuration.version());
    }
}
