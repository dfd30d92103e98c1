package io.github.nin4j.train;

/**
 * A point of the training curves at a fractional epoch, as d2l's {@code Animator} plots them: the
 * running training loss and accuracy of the current epoch, five times per epoch.
 *
 * @param epoch the fractional epoch, e.g. 1.2 after a fifth of the second epoch
 * @param trainLoss the epoch's running mean loss
 * @param trainAccuracy the epoch's running accuracy
 */
public record ProgressPoint(double epoch, double trainLoss, double trainAccuracy) {}
