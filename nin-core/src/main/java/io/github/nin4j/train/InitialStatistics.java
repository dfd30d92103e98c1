package io.github.nin4j.train;

/**
 * What a freshly initialised network does with a few training images, before any step: cheap signs
 * of whether the seed will train (see {@link InitialisationProbe}).
 *
 * @param seed the initialisation's seed
 * @param images how many training images were probed
 * @param zeroClasses classes whose score is zero for every probed image: a ReLU ends each class
 *     score, so such a class gets no gradient through its last layer
 * @param predictedClasses distinct classes the network predicts for the probed images
 * @param loss the softmax cross-entropy on the probed images
 * @param scoreMean the mean class score
 * @param scoreSpread how much the scores depend on the image: the standard deviation of each
 *     class's score across the images, averaged over the classes, divided by the mean score
 * @param firstGradient the loss gradient's norm at the first convolution's weight, divided by the
 *     weight's norm
 * @param lastGradient the same at the last convolution's weight, which gives the class scores
 */
public record InitialStatistics(
        int seed,
        int images,
        int zeroClasses,
        int predictedClasses,
        double loss,
        double scoreMean,
        double scoreSpread,
        double firstGradient,
        double lastGradient) {}
