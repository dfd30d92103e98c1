package io.github.nin4j.train;

import ai.djl.Device;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The DJL trainer configuration of d2l's {@code train_ch6}: PyTorch's cross-entropy and plain SGD,
 * {@code torch.optim.SGD(net.parameters(), lr=lr)}, with no momentum and no weight decay. DJL's
 * default optimizer would be Adam.
 */
public final class SeedTrainerConfig {

    private SeedTrainerConfig() {}

    /**
     * Builds the configuration.
     *
     * @param learningRate SGD's learning rate (the seed: 0.1)
     * @param device where to train
     * @return the configuration
     */
    public static DefaultTrainingConfig of(double learningRate, Device device) {
        // DJL's default softmax cross-entropy is the seed's nn.CrossEntropyLoss(): log-softmax of
        // the logits, class indices as labels, the batch mean (MetricsTest checks it on PyTorch's
        // parity fixture).
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(
                        Optimizer.sgd()
                                .setLearningRateTracker(Tracker.fixed((float) learningRate))
                                .build())
                .optDevices(new Device[] {device});
    }
}
