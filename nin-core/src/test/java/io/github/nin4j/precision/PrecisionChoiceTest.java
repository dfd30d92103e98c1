package io.github.nin4j.precision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrecisionChoiceTest {

    @Test
    void aResumedRunContinuesOnlyInItsOwnPrecisionOrUnderAuto() {
        assertThat(PrecisionChoice.AUTO.allows(Precision.FP32)).isTrue();
        assertThat(PrecisionChoice.AUTO.allows(Precision.BF16)).isTrue();
        assertThat(PrecisionChoice.FP32.allows(Precision.FP32)).isTrue();
        assertThat(PrecisionChoice.FP32.allows(Precision.BF16)).isFalse();
        assertThat(PrecisionChoice.BF16.allows(Precision.BF16)).isTrue();
        assertThat(PrecisionChoice.BF16.allows(Precision.FP32)).isFalse();
        assertThat(PrecisionChoice.of(Precision.BF16)).isEqualTo(PrecisionChoice.BF16);
        assertThat(PrecisionChoice.of(Precision.FP32)).isEqualTo(PrecisionChoice.FP32);
    }

    @Test
    void autoTriesBf16FirstOnlyWhereTheProcessorHasIt() {
        assertThat(PrecisionChoice.AUTO.candidates(true))
                .containsExactly(Precision.BF16, Precision.FP32);
        assertThat(PrecisionChoice.AUTO.candidates(false)).containsExactly(Precision.FP32);
        assertThat(PrecisionChoice.BF16.candidates(false)).containsExactly(Precision.BF16);
    }
}
