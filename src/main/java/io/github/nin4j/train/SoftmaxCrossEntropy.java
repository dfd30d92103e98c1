package io.github.nin4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * PyTorch's {@code nn.CrossEntropyLoss()} as the seed uses it: log-softmax of the logits, the
 * negative log-probability of each example's class, averaged over the batch. DJL's {@code
 * SoftmaxCrossEntropyLoss} computes {@code log(softmax(x))}, which is less accurate for large
 * logits than PyTorch's fused log-softmax used here.
 */
public final class SoftmaxCrossEntropy extends Loss {

    /** Creates the loss. */
    public SoftmaxCrossEntropy() {
        super("SoftmaxCrossEntropy");
    }

    /**
     * The loss of each example.
     *
     * @param labels class indices, shape (N)
     * @param logits unnormalised scores, shape (N, C)
     * @return the per-example losses, shape (N)
     */
    public NDArray perExample(NDArray labels, NDArray logits) {
        int classes = (int) logits.getShape().get(1);
        NDArray logProbabilities = logits.logSoftmax(1);
        return logProbabilities.mul(labels.oneHot(classes)).sum(new int[] {1}).neg();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return perExample(labels.singletonOrThrow(), predictions.singletonOrThrow()).mean();
    }
}
