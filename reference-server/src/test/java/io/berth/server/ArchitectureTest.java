package io.berth.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of ARCHITECTURE.md, checked on every module's classes (this module's test class path sees
 * them all): the domain modules see only the JDK and each other; the platform sees no web, persistence or
 * JSON library and none of the modules above it.
 */
class ArchitectureTest {
    private static JavaClasses berth;

    @BeforeAll
    static void importClasses() {
        berth = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.berth");
    }

    @Test
    void domainModulesDependOnTheJdkAndEachOtherOnly() {
        classes().that().resideInAnyPackage("io.berth.core..", "io.berth.booking..", "io.berth.provisioning.spi..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.berth.core..", "io.berth.booking..", "io.berth.provisioning.spi..")
                .because("the domain never sees Javalin, Hibernate, Jackson, fabric8, openstack4j or a logging library")
                .check(berth);
    }

    @Test
    void platformSeesNoWebPersistenceOrJsonLibraryNorTheModulesAboveIt() {
        noClasses().that().resideInAPackage("io.berth.platform..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "org.hibernate..", "jakarta.persistence..", "com.fasterxml..",
                        "io.berth.store..", "io.berth.server..")
                .check(berth);
    }

    /** Guards the rules above against passing on an empty import. */
    @Test
    void theClassesUnderCheckAreThere() {
        for (String layer : new String[] {"io.berth.core.", "io.berth.provisioning.spi.", "io.berth.platform.",
                "io.berth.store.jpa.", "io.berth.server."}) {
            assertThat(berth.stream().filter(c -> c.getName().startsWith(layer)).count())
                    .as("classes in %s", layer).isGreaterThan(5);
        }
    }
}
