package io.berth.booking;

import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalLong;

import static io.berth.booking.Fixtures.assertFails;
import static io.berth.booking.Fixtures.cores;
import static org.assertj.core.api.Assertions.assertThat;

class CapacityTimelineTest {
    private final CapacityTimeline timeline = new CapacityTimeline();

    @Test
    void rangeAddAndRangeMinPerDimension() {
        timeline.add(ResourceVector.of(8000, 16384, 0), 0, 100);
        timeline.add(ResourceVector.of(2000, 4096, 0).negate(), 10, 20);
        timeline.add(ResourceVector.of(3000, 0, 0).negate(), 15, 30);
        assertThat(timeline.min("cores", 0, 10)).isEqualTo(8000);
        assertThat(timeline.min("cores", 0, 16)).isEqualTo(3000);
        assertThat(timeline.min("cores", 20, 30)).isEqualTo(5000);
        assertThat(timeline.min("memory", 0, 100)).isEqualTo(12288);
        assertThat(timeline.valueAt("cores", 19)).isEqualTo(3000);
        assertThat(timeline.valueAt("cores", 30)).isEqualTo(8000);
        assertThat(timeline.minAvailable(0, 100)).isEqualTo(ResourceVector.of(3000, 12288, 0));
        assertThat(timeline.countFitting(ResourceVector.of(1000, 4096, 0), 0, 100)).isEqualTo(3);
        assertThat(timeline.countFitting(ResourceVector.of(1000, 4096, 0), 40, 100)).isEqualTo(4);
        assertThat(timeline.fits(cores(3001), 0, 100)).isFalse();
        assertThat(timeline.fits(cores(3000), 0, 100)).isTrue();
        assertFails(ErrorCode.INVALID_PERIOD, () -> timeline.min("cores", 5, 5));
        assertFails(ErrorCode.INVALID_PERIOD, () -> timeline.add(cores(1), 5, 4));
    }

    @Test
    void dimensionsAppearLazilyWithZeroEverywhere() {
        timeline.add(cores(1000), 0, 10);
        assertThat(timeline.dimensions()).containsExactly("cores");
        assertThat(timeline.min("gpu", 0, 10)).isZero();
        assertThat(timeline.fits(ResourceVector.of(Map.of("gpu", 1L)), 0, 10)).isFalse();
        timeline.add(ResourceVector.of(Map.of("gpu", 2L)), 5, 8);
        assertThat(timeline.dimensions()).containsExactly("cores", "gpu");
        assertThat(timeline.min("gpu", 5, 8)).isEqualTo(2);
        assertThat(timeline.min("gpu", 4, 8)).isZero();
        assertThat(timeline.minAvailable(5, 8)).isEqualTo(ResourceVector.of(Map.of("cores", 1000L, "gpu", 2L)));
        assertThat(timeline.minAvailable(0, 10)).isEqualTo(cores(1000));
    }

    @Test
    void windowGrowsBothWaysKeepingValues() {
        timeline.add(cores(1000), 100, 110);
        assertThat(timeline.firstSlot()).isEqualTo(100);
        assertThat(timeline.windowSize()).isEqualTo(CapacityTimeline.INITIAL_WINDOW);

        timeline.add(cores(500), 5000, 5010);
        assertThat(timeline.firstSlot()).isEqualTo(100);
        assertThat(timeline.windowSize()).isEqualTo(8192);
        assertThat(timeline.min("cores", 100, 110)).isEqualTo(1000);
        assertThat(timeline.min("cores", 5000, 5010)).isEqualTo(500);
        assertThat(timeline.min("cores", 100, 5010)).isZero();

        timeline.add(cores(250), -3000, 105);
        assertThat(timeline.firstSlot()).isLessThanOrEqualTo(-3000);
        assertThat(timeline.windowSize()).isEqualTo(16384);
        assertThat(timeline.firstSlot() + timeline.windowSize()).isGreaterThanOrEqualTo(5010);
        assertThat(timeline.min("cores", -3000, 100)).isEqualTo(250);
        assertThat(timeline.valueAt("cores", 104)).isEqualTo(1250);
        assertThat(timeline.valueAt("cores", 105)).isEqualTo(1000);
        assertThat(timeline.valueAt("cores", 5009)).isEqualTo(500);
        assertThat(timeline.valueAt("cores", -3001)).isZero();
        assertThat(timeline.memoryBytes()).isEqualTo(16384L * 2 * 8);
    }

    @Test
    void openEndedCapacityStaysCorrectWhenTheWindowGrows() {
        timeline.addFrom(ResourceVector.of(4000, 8192, 0), 50);
        timeline.add(cores(1000).negate(), 60, 70);
        assertThat(timeline.valueAt("cores", 49)).isZero();
        assertThat(timeline.valueAt("cores", 50)).isEqualTo(4000);
        assertThat(timeline.valueAt("cores", 65)).isEqualTo(3000);
        // far beyond the window, before any growth
        assertThat(timeline.valueAt("cores", 1_000_000)).isEqualTo(4000);
        assertThat(timeline.min("memory", 50, 2_000_000)).isEqualTo(8192);

        timeline.add(cores(1000).negate(), 20_000, 20_010);
        assertThat(timeline.windowSize()).isEqualTo(32768);
        assertThat(timeline.valueAt("cores", 10_000)).isEqualTo(4000);
        assertThat(timeline.valueAt("cores", 20_005)).isEqualTo(3000);
        assertThat(timeline.valueAt("memory", 30_000)).isEqualTo(8192);
        assertThat(timeline.min("cores", 50, 40_000)).isEqualTo(3000);

        timeline.addFrom(ResourceVector.of(4000, 8192, 0).negate(), 50);
        assertThat(timeline.openEnded()).isEqualTo(ResourceVector.zero());
        assertThat(timeline.valueAt("cores", 10_000)).isZero();
        assertThat(timeline.valueAt("cores", 20_005)).isEqualTo(-1000);
        assertThat(timeline.valueAt("memory", 1_000_000)).isZero();
    }

    @Test
    void searchesFindMisfitsInsideAndOutsideTheWindow() {
        timeline.addFrom(cores(4000), 0);
        timeline.add(cores(3000).negate(), 10, 12);
        timeline.add(cores(2000).negate(), 30, 31);
        assertThat(timeline.firstBelow("cores", 0, 100, 2000)).isEqualTo(OptionalLong.of(10));
        assertThat(timeline.lastBelow("cores", 0, 100, 2000)).isEqualTo(OptionalLong.of(11));
        assertThat(timeline.lastBelow("cores", 0, 100, 2001)).isEqualTo(OptionalLong.of(30));
        assertThat(timeline.firstBelow("cores", 12, 30, 2001)).isEmpty();
        assertThat(timeline.firstBelow("cores", -5, 100, 1)).isEqualTo(OptionalLong.of(-5));
        assertThat(timeline.lastBelow("cores", -5, 100, 1)).isEqualTo(OptionalLong.of(-1));
        assertThat(timeline.lastBelow("cores", 0, 100_000, 4001)).isEqualTo(OptionalLong.of(99_999));
        assertThat(timeline.firstBelow("cores", 5000, 100_000, 4001)).isEqualTo(OptionalLong.of(5000));
        assertThat(timeline.firstBelow("gpu", 3, 9, 1)).isEqualTo(OptionalLong.of(3));
        assertThat(timeline.lastBelow("gpu", 3, 9, 0)).isEmpty();

        assertThat(timeline.earliestStart(cores(2000), 5, 0, 1000)).isEqualTo(OptionalLong.of(0));
        assertThat(timeline.earliestStart(cores(2000), 5, 8, 1000)).isEqualTo(OptionalLong.of(12));
        assertThat(timeline.earliestStart(cores(2001), 20, 8, 1000)).isEqualTo(OptionalLong.of(31));
        assertThat(timeline.earliestStart(cores(2001), 20, 8, 50)).isEmpty();
        assertThat(timeline.earliestStart(cores(2001), 20, 8, 51)).isEqualTo(OptionalLong.of(31));
        assertThat(timeline.earliestStart(cores(4001), 1, 0, 100_000)).isEmpty();
        assertThat(timeline.earliestStart(ResourceVector.zero(), 3, 7, 10)).isEqualTo(OptionalLong.of(7));
        assertThat(timeline.earliestStart(cores(1), 1, -10, 5)).isEqualTo(OptionalLong.of(0));

        assertThat(timeline.longestEnd(cores(2000), 0, 100)).isEqualTo(10);
        assertThat(timeline.longestEnd(cores(2000), 12, 100)).isEqualTo(100);
        assertThat(timeline.longestEnd(cores(2001), 12, 100)).isEqualTo(30);
        assertThat(timeline.longestEnd(cores(2000), 10, 100)).isEqualTo(10);
        assertThat(timeline.longestEnd(cores(2000), 12, 12)).isEqualTo(12);
    }

    @Test
    void forgettingThePastShrinksTheWindowAndReadsZeroThere() {
        timeline.addFrom(cores(4000), 0);
        timeline.add(cores(1000).negate(), 100, 200);
        timeline.add(cores(500).negate(), 5000, 5010);
        assertThat(timeline.windowSize()).isEqualTo(8192);

        timeline.forgetBefore(150);
        assertThat(timeline.firstSlot()).isEqualTo(150);
        assertThat(timeline.windowSize()).isEqualTo(8192);
        timeline.forgetBefore(4000);
        assertThat(timeline.firstSlot()).isEqualTo(4000);
        // only up to the last change is kept: after it every slot reads the open-ended sum anyway
        assertThat(timeline.windowSize()).isEqualTo(CapacityTimeline.INITIAL_WINDOW);
        assertThat(timeline.valueAt("cores", 3999)).isZero();
        assertThat(timeline.valueAt("cores", 4000)).isEqualTo(4000);
        assertThat(timeline.valueAt("cores", 5005)).isEqualTo(3500);
        assertThat(timeline.valueAt("cores", 100_000)).isEqualTo(4000);

        // changes reaching into the forgotten past keep only their part after the mark
        timeline.add(cores(1000).negate(), 3000, 4010);
        assertThat(timeline.firstSlot()).isEqualTo(4000);
        assertThat(timeline.valueAt("cores", 4009)).isEqualTo(3000);
        assertThat(timeline.valueAt("cores", 3500)).isZero();
        timeline.add(cores(1000), 10, 20);
        assertThat(timeline.valueAt("cores", 15)).isZero();
        timeline.forgetBefore(10);
        assertThat(timeline.forgottenBefore()).isEqualTo(4000);

        timeline.forgetBefore(7000);
        assertThat(timeline.windowSize()).isEqualTo(CapacityTimeline.INITIAL_WINDOW);
        assertThat(timeline.valueAt("cores", 7000)).isEqualTo(4000);
        timeline.forgetBefore(1_000_000);
        assertThat(timeline.firstSlot()).isEqualTo(1_000_000);
        assertThat(timeline.windowSize()).isEqualTo(CapacityTimeline.INITIAL_WINDOW);
        assertThat(timeline.valueAt("cores", 1_000_000)).isEqualTo(4000);
        assertThat(timeline.min("cores", 999_000, 1_000_010)).isZero();
    }

    @Test
    void theWindowHasALimitAndAFailedGrowthChangesNothing() {
        timeline.add(cores(1000), 0, 10);
        assertFails(ErrorCode.INVALID_PERIOD, () -> timeline.add(cores(1000), 0, CapacityTimeline.MAX_WINDOW + 1L))
                .withMessageContaining("more than " + CapacityTimeline.MAX_WINDOW + " hours");
        assertThat(timeline.windowSize()).isEqualTo(CapacityTimeline.INITIAL_WINDOW);
        assertThat(timeline.min("cores", 0, 10)).isEqualTo(1000);
    }
}
