package io.berth.core.environment;

import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EnvironmentSpecTest {

    private static EnvironmentSpec basic() {
        return new EnvironmentSpec("gaia-basic", "Gaia basics",
                new EnvironmentSpec.Python("3.11", List.of("numpy==1.26.4", "pandas", "astropy>=6.0")),
                new EnvironmentSpec.Java("17", List.of("org.apache.spark:spark-mllib_2.12:3.5.1")),
                List.of("libgomp1"), List.of("libroger.so"));
    }

    private static List<EnvironmentViolation> violations(Runnable construction) {
        InvalidEnvironmentException e = catchThrowableOfType(InvalidEnvironmentException.class, construction::run);
        assertThat(e).as("an InvalidEnvironmentException").isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ENVIRONMENT);
        assertThat(e.details()).containsEntry("field", e.violations().get(0).path());
        return e.violations();
    }

    @Test
    void aValidSpecificationFlattensIntoTheProviderParameters() {
        assertThat(basic().parameters()).containsExactly(
                Map.entry("environment.name", "gaia-basic"),
                Map.entry("environment.python.version", "3.11"),
                Map.entry("environment.python.packages", "numpy==1.26.4,pandas,astropy>=6.0"),
                Map.entry("environment.java.version", "17"),
                Map.entry("environment.java.packages", "org.apache.spark:spark-mllib_2.12:3.5.1"),
                Map.entry("environment.system.packages", "libgomp1"),
                Map.entry("environment.binary.packages", "libroger.so"));
    }

    @Test
    void absentListsAreEmptyAndEmptyListsGiveEmptyValues() {
        EnvironmentSpec spec = new EnvironmentSpec("plain", null, new EnvironmentSpec.Python("3.12", null),
                new EnvironmentSpec.Java("21", null), null, null);
        assertThat(spec.description()).isEmpty();
        assertThat(spec.systemPackages()).isEmpty();
        assertThat(spec.parameters()).containsEntry("environment.python.packages", "")
                .containsEntry("environment.system.packages", "");
    }

    @Test
    void everyFieldAtFaultIsNamedByItsPointer() {
        List<EnvironmentViolation> violations = violations(() -> new EnvironmentSpec("Bad Name", "line\nbreak",
                new EnvironmentSpec.Python("2.7", List.of("numpy", "pandas", "ok", "$(curl evil)")),
                new EnvironmentSpec.Java("17; rm -rf /", List.of("not-coordinates")),
                List.of("libc6", "&anchor"), List.of("*alias")));
        assertThat(violations).extracting(EnvironmentViolation::path).containsExactly("/name", "/description",
                "/python/version", "/python/packages/3", "/java/version", "/java/packages/0", "/systemPackages/1",
                "/binaryPackages/0");
    }

    @Test
    void missingRuntimesAndNullElementsAreRefused() {
        assertThat(violations(() -> new EnvironmentSpec(null, "", null, null, null, null)))
                .extracting(EnvironmentViolation::path).containsExactly("/name", "/python", "/java");
        List<String> withNull = Arrays.asList("numpy", null);
        assertThat(violations(() -> new EnvironmentSpec("x", "", new EnvironmentSpec.Python("3.11", withNull),
                new EnvironmentSpec.Java("17", null), null, null)))
                .extracting(EnvironmentViolation::path).containsExactly("/python/packages/1");
    }

    @Test
    void duplicatesAndTooManyEntriesAreRefused() {
        assertThat(violations(() -> new EnvironmentSpec("x", "", new EnvironmentSpec.Python("3.11",
                List.of("numpy", "numpy")), new EnvironmentSpec.Java("17", null), null, null)))
                .extracting(EnvironmentViolation::toString).containsExactly("/python/packages/1: repeats 'numpy'");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= EnvironmentSpec.MAX_SYSTEM_PACKAGES; i++) {
            many.add("pkg" + i);
        }
        assertThat(violations(() -> new EnvironmentSpec("x", "", new EnvironmentSpec.Python("3.11", null),
                new EnvironmentSpec.Java("17", null), many, null)))
                .extracting(EnvironmentViolation::path).containsExactly("/systemPackages");
    }

    @Test
    void theLongestAllowedListsStillFitOneParameterValue() {
        EnvironmentSpec spec = new EnvironmentSpec("full", "",
                new EnvironmentSpec.Python("3.11", longest(EnvironmentSpec.MAX_PYTHON_PACKAGES, 64,
                        i -> "p" + i, 'a', i -> "==" + pad("1.", 30, '0'))),
                new EnvironmentSpec.Java("17", longest(EnvironmentSpec.MAX_JAVA_PACKAGES, 80,
                        i -> "g" + i, 'g', i -> ":" + pad("a" + i, 80, 'a') + ":" + pad("1", 38, '1'))),
                longest(EnvironmentSpec.MAX_SYSTEM_PACKAGES, EnvironmentSpec.MAX_SYSTEM_PACKAGE_LENGTH,
                        i -> "s" + i + "-", 'x', i -> ""),
                longest(EnvironmentSpec.MAX_BINARY_PACKAGES, EnvironmentSpec.MAX_BINARY_PACKAGE_LENGTH,
                        i -> "b" + i + "-", 'y', i -> ""));
        // the deployment's own check of parameter values accepts every one of them
        assertThat(Checks.parameters(spec.parameters(), "parameters")).hasSize(7);
        assertThat(spec.python().packages()).allSatisfy(p -> assertThat(p).hasSize(
                EnvironmentSpec.MAX_PYTHON_PACKAGE_LENGTH));
        assertThat(spec.java().packages()).allSatisfy(p -> assertThat(p).hasSize(
                EnvironmentSpec.MAX_JAVA_PACKAGE_LENGTH));
        assertThat(spec.parameters().values()).allSatisfy(value -> assertThat(value.length()).isLessThan(4096));
    }

    /** {@code count} distinct entries: a prefix padded with {@code pad} to {@code length}, then a suffix. */
    private static List<String> longest(int count, int length, java.util.function.IntFunction<String> prefix,
                                        char pad, java.util.function.IntFunction<String> suffix) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(pad(prefix.apply(i), length, pad) + suffix.apply(i));
        }
        return values;
    }

    private static String pad(String start, int length, char pad) {
        return start + String.join("", Collections.nCopies(length - start.length(), String.valueOf(pad)));
    }
}
