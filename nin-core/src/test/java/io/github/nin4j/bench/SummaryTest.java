package io.github.nin4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void medianMinAndMax() {
        assertThat(Summary.of(3, 1, 2)).isEqualTo(new Summary(2, 1, 3));
        assertThat(Summary.of(4, 1, 3, 2)).isEqualTo(new Summary(2.5, 1, 4));
        assertThat(Summary.of(7)).isEqualTo(new Summary(7, 7, 7));
    }

    @Test
    void stepTotalIsTheSumOfItsPhases() {
        assertThat(new StepTimes(0.5, 1, 2, 0.25).total()).isEqualTo(3.75);
    }
}
