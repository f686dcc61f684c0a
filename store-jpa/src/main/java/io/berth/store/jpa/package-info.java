/**
 * The store ports of the platform on Hibernate ORM, over H2 or PostgreSQL: {@link io.berth.store.jpa.JpaStores}
 * and its {@link io.berth.store.jpa.StoreSettings}.
 *
 * <p>The schema belongs to the Flyway migrations in {@code db/migration/h2} and {@code db/migration/postgresql};
 * the package-private entities map those tables one to one and Hibernate validates them at start-up. Validation
 * compares column types, not lengths: a String column without a length is {@code text} in the migrations.
 * Enumerations are stored by name and states by {@link io.berth.core.state.State#code()}, converted by the
 * entities rather than by Hibernate, so that the columns stay plain types any SQL can read.
 */
package io.berth.store.jpa;
