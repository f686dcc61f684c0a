package io.berth.core.resource;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceVectorTest {

    private static void invalidResources(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOf(BerthException.class).hasMessageContaining(message)
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.INVALID_RESOURCES);
    }

    @Test
    void zeroAmountsAreNotStoredSoEqualityIgnoresThem() {
        ResourceVector withZero = ResourceVector.of(Map.of("cores", 2000L, "gpu", 0L));
        assertThat(withZero).isEqualTo(ResourceVector.of(2000, 0, 0));
        assertThat(withZero.hashCode()).isEqualTo(ResourceVector.of(2000, 0, 0).hashCode());
        assertThat(withZero.dimensions()).containsExactly("cores");
        assertThat(withZero.get("gpu")).isZero();
        assertThat(withZero.get("memory")).isZero();
        assertThat(ResourceVector.of(0, 0, 0)).isSameAs(ResourceVector.zero());
        assertThat(ResourceVector.zero().isZero()).isTrue();
    }

    @Test
    void arithmetic() {
        ResourceVector a = ResourceVector.of(Map.of("cores", 2000L, "memory", 4096L, "gpu", 1L));
        ResourceVector b = ResourceVector.of(500, 1024, 10);
        assertThat(a.plus(b).amounts()).containsExactly(Map.entry("cores", 2500L), Map.entry("memory", 5120L),
                Map.entry("disk", 10L), Map.entry("gpu", 1L));
        assertThat(a.minus(b).amounts()).containsExactly(Map.entry("cores", 1500L), Map.entry("memory", 3072L),
                Map.entry("disk", -10L), Map.entry("gpu", 1L));
        assertThat(a.minus(a)).isEqualTo(ResourceVector.zero());
        assertThat(b.times(3)).isEqualTo(ResourceVector.of(1500, 3072, 30));
        assertThat(b.times(0)).isEqualTo(ResourceVector.zero());
        assertThat(b.negate().plus(b)).isEqualTo(ResourceVector.zero());
        assertThat(a.minus(b).isNonNegative()).isFalse();
        assertThat(a.isNonNegative()).isTrue();
    }

    @Test
    void fittingComparesOnlyTheDimensionsInUse() {
        ResourceVector unit = ResourceVector.of(1000, 2048, 0);
        ResourceVector capacity = ResourceVector.signed(Map.of("cores", 3500L, "memory", 8192L, "gpu", -2L));
        assertThat(unit.fitsWithin(capacity)).isTrue();
        assertThat(unit.timesFitting(capacity)).isEqualTo(3);
        assertThat(ResourceVector.of(Map.of("gpu", 1L)).fitsWithin(capacity)).isFalse();
        assertThat(ResourceVector.of(Map.of("gpu", 1L)).timesFitting(capacity)).isZero();
        assertThat(unit.fitsWithin(ResourceVector.of(1000, 2047, 100))).isFalse();
        assertThat(unit.timesFitting(ResourceVector.of(1000, 2047, 100))).isZero();
        assertThat(ResourceVector.zero().timesFitting(capacity)).isEqualTo(Long.MAX_VALUE);
        assertThat(ResourceVector.zero().fitsWithin(capacity)).isTrue();
        invalidResources(() -> unit.negate().timesFitting(capacity), "negative");
    }

    @Test
    void inputMustNotBeNegativeOrMalformed() {
        invalidResources(() -> ResourceVector.of(-1, 0, 0), "must not be negative: cores=-1");
        invalidResources(() -> ResourceVector.of(Map.of("GPU", 1L)), "'GPU'");
        invalidResources(() -> ResourceVector.of(Map.of("1gpu", 1L)), "'1gpu'");
        invalidResources(() -> ResourceVector.of(Map.of("a".repeat(33), 1L)), "resource dimension");
        Map<String, Long> withNull = new LinkedHashMap<>();
        withNull.put("gpu", null);
        invalidResources(() -> ResourceVector.of(withNull), "gpu=null");
        assertThat(ResourceVector.of(Map.of("a".repeat(32), 1L)).get("a".repeat(32))).isEqualTo(1);
        assertThat(ResourceVector.signed(Map.of("cores", -5L)).get("cores")).isEqualTo(-5);
        invalidResources(() -> ResourceVector.of(Long.MAX_VALUE, 0, 0).plus(ResourceVector.of(1, 0, 0)), "overflow");
        invalidResources(() -> ResourceVector.of(Long.MAX_VALUE, 0, 0).times(2), "overflow");
    }

    @Test
    void textShowsUnitsStandardDimensionsFirst() {
        assertThat(ResourceVector.of(Map.of("gpu", 1L, "disk", 20L, "memory", 4096L, "cores", 2000L)))
                .hasToString("cores=2000m memory=4096Mi disk=20Gi gpu=1");
        assertThat(ResourceVector.of(Map.of("gpu", 2L, "fpga", 1L))).hasToString("fpga=1 gpu=2");
        assertThat(ResourceVector.zero()).hasToString("0");
        assertThat(ResourceVector.of(Map.of("gpu", 2L, "cores", 1L)).dimensions()).containsExactly("cores", "gpu");
    }

    @Test
    void packageTotalsAddBothWorkersDiskAndExtras() {
        assertThat(ResourcePackage.standard()).extracting(ResourcePackage::name)
                .containsExactly("tiny", "small", "medium", "large");
        assertThat(ResourcePackage.standard().stream().map(p -> p.total().toString()).toList()).containsExactly(
                "cores=2000m memory=4096Mi disk=10Gi",
                "cores=4000m memory=8192Mi disk=20Gi",
                "cores=12000m memory=24576Mi disk=50Gi",
                "cores=24000m memory=81920Mi disk=100Gi");
        ResourcePackage custom = new ResourcePackage(ResourcePackage.CUSTOM, new ResourceLimits(500, 1024),
                new ResourceLimits(3000, 6144), 5, Map.of("gpu", 2L));
        assertThat(custom.total()).hasToString("cores=3500m memory=7168Mi disk=5Gi gpu=2");
        assertThat(ResourcePackage.standard("medium")).contains(ResourcePackage.standard().get(2));
        assertThat(ResourcePackage.standard("huge")).isEmpty();
        List<ResourcePackage> standard = ResourcePackage.standard();
        for (int i = 1; i < standard.size(); i++) {
            assertThat(standard.get(i - 1).total().fitsWithin(standard.get(i).total())).isTrue();
        }
    }

    @Test
    void packagesValidate() {
        ResourceLimits one = new ResourceLimits(1000, 1024);
        invalidResources(() -> new ResourcePackage("Big", one, one, 1, null), "'Big'");
        invalidResources(() -> new ResourcePackage("big", one, one, -1, null), "local disk");
        invalidResources(() -> new ResourcePackage("big", one, one, 1, Map.of("cores", 1L)), "standard dimension");
        invalidResources(() -> new ResourcePackage("big", one, one, 1, Map.of("gpu", -1L)), "gpu=-1");
        invalidResources(() -> new ResourceLimits(-1, 0), "must not be negative");
        assertThat(new ResourcePackage("big", one, one, 1, null).extras()).isEmpty();
        assertThat(ResourceLimits.ofCoresAndGiB(2, 4)).isEqualTo(new ResourceLimits(2000, 4096));
        assertThat(one.toVector()).isEqualTo(ResourceVector.of(1000, 1024, 0));
    }
}
