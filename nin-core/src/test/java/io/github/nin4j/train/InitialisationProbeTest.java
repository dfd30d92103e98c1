package io.github.nin4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.compute.ComputeChoice;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.FashionMnist;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.data.LearnableImages;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.model.TestArchitectures;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InitialisationProbeTest {

    private static final NinArchitecture SMALL = TestArchitectures.SMALL;
    private static final FashionMnist DATA = LearnableImages.data(256, 64);
    private static final int SIDE = 28;

    private static ComputePlan plan() {
        return ComputePlan.of(ComputeChoice.defaults().check(SMALL, SIDE), Device.cpu());
    }

    @Test
    void statisticsAreThoseOfTheSeedsInitialisationOnTheFirstImages() {
        ComputePlan plan = plan();
        InitialisationProbe probe =
                new InitialisationProbe(
                        SMALL, plan, Preprocessing.of(DATA.provenance(), SIDE), DATA.train());
        InitialStatistics first = probe.measure(7, 64);
        assertThat(probe.measure(7, 64)).isEqualTo(first);
        assertThat(probe.measure(8, 64)).isNotEqualTo(first);

        // The same seed's network, built apart, on the same 64 images.
        ImageSet images = DATA.train().limit(64);
        try (NinModel nin =
                        NinModel.builder()
                                .setArchitecture(SMALL)
                                .setInputShape(new Shape(1, 1, SIDE, SIDE))
                                .setPlan(plan)
                                .optSeed(7)
                                .build();
                NDManager manager = NDManager.newBaseManager()) {
            NDList batch = new NDList();
            for (int i = 0; i < 64; i++) {
                batch.add(
                        BatchLoader.input(images, i, Preprocessing.plain(SIDE), manager)
                                .expandDims(0));
            }
            float[] logits =
                    nin.logits(new NDList(ai.djl.ndarray.NDArrays.concat(batch))).toFloatArray();
            int zero = 0;
            Set<Integer> predicted = new HashSet<>();
            double loss = 0;
            for (int i = 0; i < 64; i++) {
                int best = 0;
                double sum = 0;
                for (int c = 0; c < 10; c++) {
                    best = logits[i * 10 + c] > logits[i * 10 + best] ? c : best;
                    sum += Math.exp(logits[i * 10 + c]);
                }
                predicted.add(best);
                loss += Math.log(sum) - logits[i * 10 + images.label(i)];
            }
            for (int c = 0; c < 10; c++) {
                boolean allZero = true;
                for (int i = 0; i < 64; i++) {
                    allZero &= logits[i * 10 + c] == 0;
                }
                zero += allZero ? 1 : 0;
            }
            assertThat(first.seed()).isEqualTo(7);
            assertThat(first.images()).isEqualTo(64);
            assertThat(first.zeroClasses()).isEqualTo(zero);
            assertThat(first.predictedClasses()).isEqualTo(predicted.size());
            assertThat(first.loss()).isCloseTo(loss / 64, within(1e-4));
            assertThat(first.firstGradient()).isPositive();
            assertThat(first.lastGradient()).isPositive();
        }
    }
}
