package io.github.nin4j.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Catches NiN's known failure early. Published runs of the seed's exact recipe sometimes stay at
 * loss ln(10) = 2.303 and accuracy 0.100 for epochs. The class scores come out of ReLUs after two
 * 1×1 convolutions only ten channels wide, whose biases (PyTorch's ±1/sqrt(10)) outweigh the faint
 * signal that reaches them through ten Xavier-initialised convolutions: at initialisation about
 * half of the class scores are zero for every image and the rest barely depend on it, so little
 * gradient reaches the lower layers and SGD may take more than an epoch to leave chance. A run is
 * stuck when a whole epoch's worth of curve points (five, as d2l plots them) sit at chance: loss
 * within {@value #LOSS_TOLERANCE} of ln(classes) and accuracy below chance plus {@value
 * #ACCURACY_MARGIN}. A NaN or infinite loss is caught at the batch it appears in.
 */
public final class PlateauDetector {

    /** How close to ln(classes) the loss must stay. */
    public static final double LOSS_TOLERANCE = 0.01;

    /** How far above 1/classes the accuracy may be. */
    public static final double ACCURACY_MARGIN = 0.02;

    /** Points in a row at chance that make a plateau: one epoch of d2l's five per epoch. */
    public static final int WINDOW = 5;

    private final int classes;
    private final Deque<ProgressPoint> recent = new ArrayDeque<>();

    /**
     * Creates a detector.
     *
     * @param classes the number of classes, which sets chance level
     */
    public PlateauDetector(int classes) {
        this.classes = classes;
    }

    /**
     * Checks a batch's loss for divergence.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch within the epoch, from 1
     * @param loss the batch's mean loss
     * @return a diagnosis when the loss is NaN or infinite
     */
    public Optional<Diagnosis> checkLoss(int epoch, int batch, double loss) {
        if (Double.isFinite(loss)) {
            return Optional.empty();
        }
        return Optional.of(
                new Diagnosis(
                        Diagnosis.Kind.DIVERGED,
                        String.format(
                                "the loss became %s at epoch %d, batch %d: training diverged."
                                        + " Try a smaller learning rate (e.g. 0.05) or another seed.",
                                Double.isNaN(loss) ? "NaN" : "infinite", epoch, batch)));
    }

    /**
     * Adds a curve point and checks for a plateau at chance.
     *
     * @param point the new point
     * @return a diagnosis when the last {@value #WINDOW} points all sit at chance
     */
    public Optional<Diagnosis> observe(ProgressPoint point) {
        recent.addLast(point);
        if (recent.size() > WINDOW) {
            recent.removeFirst();
        }
        if (recent.size() < WINDOW || !recent.stream().allMatch(this::atChance)) {
            return Optional.empty();
        }
        return Optional.of(
                new Diagnosis(
                        Diagnosis.Kind.STUCK_AT_CHANCE,
                        String.format(
                                "training is stuck at chance (loss %.3f = ln(%d), accuracy %.3f"
                                        + " since epoch %.1f): NiN's known failure, where the"
                                        + " class scores barely depend on the image and little"
                                        + " gradient reaches the lower layers. Another seed"
                                        + " usually trains (--on-plateau restart).",
                                point.trainLoss(),
                                classes,
                                point.trainAccuracy(),
                                recent.peekFirst().epoch())));
    }

    /** Forgets the points seen, after a restart. */
    public void reset() {
        recent.clear();
    }

    private boolean atChance(ProgressPoint p) {
        return atChance(p.trainLoss(), p.trainAccuracy(), classes);
    }

    /**
     * Whether a loss and an accuracy are at chance: the loss within {@value #LOSS_TOLERANCE} of
     * ln(classes), the accuracy below chance plus {@value #ACCURACY_MARGIN}.
     *
     * @param loss a mean softmax cross-entropy loss
     * @param accuracy an accuracy
     * @param classes the number of classes
     * @return true at chance
     */
    public static boolean atChance(double loss, double accuracy, int classes) {
        return Math.abs(loss - Math.log(classes)) < LOSS_TOLERANCE
                && accuracy < 1.0 / classes + ACCURACY_MARGIN;
    }

    /**
     * What went wrong, in plain words.
     *
     * @param kind the failure
     * @param explanation one or two sentences with what to try
     */
    public record Diagnosis(Kind kind, String explanation) {
        /** The failures detected. */
        public enum Kind {
            /** Loss at ln(classes), accuracy at chance, for an epoch. */
            STUCK_AT_CHANCE,
            /** NaN or infinite loss. */
            DIVERGED,
            /**
             * After the first epoch, some classes are never predicted on the test set: read from
             * older manifests, whose restart rule acted on it; runs now only report it.
             */
            CLASSES_NEVER_PREDICTED
        }
    }
}
