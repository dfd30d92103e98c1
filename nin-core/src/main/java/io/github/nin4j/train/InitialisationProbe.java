package io.github.nin4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.data.BatchLoader;
import io.github.nin4j.data.ImageSet;
import io.github.nin4j.data.Preprocessing;
import io.github.nin4j.model.NinArchitecture;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Initialises a network as a training run does for a seed ({@link NinModel} with that seed) and
 * measures it on the first training images, dropout off, without a step: {@link InitialStatistics}.
 * The network is its own, so a run's training is untouched.
 */
public final class InitialisationProbe {

    private final NinArchitecture architecture;
    private final ComputePlan plan;
    private final Preprocessing preprocessing;
    private final ImageSet images;

    /**
     * A probe.
     *
     * @param architecture the network
     * @param plan where and how it computes, from the engine check
     * @param preprocessing the run's preprocessing for evaluation (its input side, normalisation,
     *     no augmentation)
     * @param images the training images; the first ones are probed
     */
    public InitialisationProbe(
            NinArchitecture architecture,
            ComputePlan plan,
            Preprocessing preprocessing,
            ImageSet images) {
        this.architecture = architecture;
        this.plan = plan;
        this.preprocessing = preprocessing.forEvaluation();
        this.images = images;
    }

    /**
     * Measures one seed's initialisation.
     *
     * @param seed the seed, as {@code nin train --seed} takes it
     * @param count how many images to probe, at least 2
     * @return the statistics
     */
    public InitialStatistics measure(int seed, int count) {
        if (count < 2) {
            throw new IllegalArgumentException("probe at least 2 images, got " + count);
        }
        ImageSet probed = images.limit(count);
        int resize = preprocessing.resize();
        try (NinModel nin = TrainedModel.builder(architecture, resize, plan).optSeed(seed).build();
                NDManager manager = nin.manager().newSubManager();
                BatchLoader loader =
                        BatchLoader.builder()
                                .setImages(probed)
                                .setManager(manager)
                                .optBatchSize(probed.size())
                                .optPreprocessing(preprocessing)
                                .optShuffle(false)
                                .optPrefetch(false)
                                .optDevice(plan.device())
                                .build()) {
            Iterator<Batch> batches = loader.epoch(1);
            try (Batch batch = batches.next();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = nin.logits(batch.getData());
                NDArray loss =
                        Loss.softmaxCrossEntropyLoss()
                                .evaluate(batch.getLabels(), new NDList(logits));
                collector.backward(loss);
                return statistics(seed, probed.size(), logits, loss, nin);
            }
        }
    }

    private static InitialStatistics statistics(
            int seed, int count, NDArray logits, NDArray loss, NinModel nin) {
        int classes = (int) logits.getShape().get(1);
        float[] scores = logits.toFloatArray();
        int zero = 0;
        double spread = 0;
        double total = 0;
        Set<Integer> predicted = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            predicted.add(best);
        }
        for (int c = 0; c < classes; c++) {
            double sum = 0;
            double squares = 0;
            boolean allZero = true;
            for (int i = 0; i < count; i++) {
                double s = scores[i * classes + c];
                sum += s;
                squares += s * s;
                allZero &= s == 0;
            }
            double mean = sum / count;
            spread += Math.sqrt(Math.max(0, squares / count - mean * mean));
            total += sum;
            zero += allZero ? 1 : 0;
        }
        double scoreMean = total / ((double) count * classes);
        List<Parameter> weights =
                nin.block().getParameters().values().stream()
                        .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                        .toList();
        return new InitialStatistics(
                seed,
                count,
                zero,
                predicted.size(),
                loss.getFloat(),
                scoreMean,
                scoreMean == 0 ? 0 : spread / classes / scoreMean,
                relativeGradient(weights.get(0)),
                relativeGradient(weights.get(weights.size() - 1)));
    }

    private static double relativeGradient(Parameter weight) {
        NDArray value = weight.getArray();
        return value.getGradient().norm().getFloat() / value.norm().getFloat();
    }
}
