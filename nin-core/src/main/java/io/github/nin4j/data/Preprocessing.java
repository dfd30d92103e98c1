package io.github.nin4j.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a stored image becomes the network's input: the one definition that training batches,
 * evaluation, {@code nin predict}, the DJL {@code Predictor} and {@code nin view} use, through
 * {@link BatchLoader}. In order:
 *
 * <ol>
 *   <li>the stored bytes scaled to [0, 1];
 *   <li>in training, when {@link #augment()} is on, a random resized crop of the stored square
 *       (torchvision's {@code RandomResizedCrop} defaults: 8% to 100% of the area, aspect ratio 3/4
 *       to 4/3) and a horizontal flip with probability 1/2, drawn per image from the loader's seed,
 *       the epoch and the image, so an epoch is the same when resumed;
 *   <li>resized to {@link #resize()} (bilinear, on the engine; see {@link BatchLoader});
 *   <li>when {@link #mean()} is not empty, each channel less its mean and divided by its standard
 *       deviation (torchvision's {@code Normalize}).
 * </ol>
 *
 * <p>Fashion-MNIST's input is the seed's: resized and scaled, nothing else ({@link #plain}). An
 * image folder's is normalised with its training split's per-channel mean and standard deviation,
 * which its provenance records, so a run directory predicts as it trained ({@link #of}).
 *
 * @param resize the input's side
 * @param mean each channel's mean, subtracted; empty for none
 * @param std each channel's standard deviation, divided by; as many as {@code mean}
 * @param augment whether training batches are cropped and flipped at random
 */
public record Preprocessing(int resize, List<Double> mean, List<Double> std, boolean augment) {

    /** The provenance key of a folder's normalisation: {@code {"mean": [...], "std": [...]}}. */
    public static final String NORMALISATION = "normalisation";

    /** The provenance key of whether training batches are augmented. */
    public static final String AUGMENT = "augment";

    /** Checks the values and copies the lists. */
    public Preprocessing {
        if (resize < 1) {
            throw new InvalidInputException("resize must be at least 1 pixel, got " + resize);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != std.size()) {
            throw new IllegalArgumentException(mean.size() + " means, " + std.size() + " stds");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("standard deviations must be above 0: " + std);
            }
        }
    }

    /**
     * The seed's input: resized and scaled to [0, 1], nothing else.
     *
     * @param resize the input's side
     * @return the preprocessing
     */
    public static Preprocessing plain(int resize) {
        return new Preprocessing(resize, List.of(), List.of(), false);
    }

    /**
     * The preprocessing a data set's provenance records, at an input side: its normalisation and
     * augmentation if it has them, else {@link #plain}.
     *
     * @param provenance a data set's provenance, e.g. a run manifest's {@code data}
     * @param resize the input's side
     * @return the preprocessing
     */
    public static Preprocessing of(Map<String, Object> provenance, int resize) {
        Object normalisation = provenance == null ? null : provenance.get(NORMALISATION);
        boolean augment = provenance != null && Boolean.TRUE.equals(provenance.get(AUGMENT));
        if (!(normalisation instanceof Map<?, ?> map)) {
            return new Preprocessing(resize, List.of(), List.of(), augment);
        }
        return new Preprocessing(
                resize, numbers(map.get("mean")), numbers(map.get("std")), augment);
    }

    private static List<Double> numbers(Object list) {
        if (!(list instanceof List<?> values)) {
            throw new InvalidInputException("a normalisation needs lists of numbers, got " + list);
        }
        return values.stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /**
     * The same preprocessing without augmentation, for evaluation and prediction.
     *
     * @return this, or a copy with {@link #augment()} off
     */
    public Preprocessing forEvaluation() {
        return augment ? new Preprocessing(resize, mean, std, false) : this;
    }

    /**
     * The training split's normalisation, for a provenance map: {@code {"mean": [...], "std":
     * [...]}}, one value per channel, of the bytes / 255.
     */
    static Map<String, Object> normalisationOf(ImageSet train) {
        int channels = train.channels();
        int plane = train.height() * train.width();
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        byte[] image = new byte[channels * plane];
        for (int i = 0; i < train.size(); i++) {
            train.copy(i, image);
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    int v = image[p] & 0xFF;
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                squares[c] += q;
            }
        }
        double count = (double) train.size() * plane;
        Double[] mean = new Double[channels];
        Double[] std = new Double[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            double variance = Math.max(0, squares[c] / count - m * m);
            mean[c] = m / 255;
            // A channel of one value everywhere is left as it is, not divided by zero.
            std[c] = variance > 0 ? Math.sqrt(variance) / 255 : 1.0;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("mean", List.of(mean));
        map.put("std", List.of(std));
        return map;
    }

    /** Normalises a (B, C, H, W) float32 batch in place, (x − mean) / std per channel. */
    NDArray normalise(NDArray batch) {
        if (mean.isEmpty()) {
            return batch;
        }
        int channels = mean.size();
        float[] m = new float[channels];
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = mean.get(c).floatValue();
            s[c] = std.get(c).floatValue();
        }
        Shape perChannel = new Shape(1, channels, 1, 1);
        try (NDManager scratch = batch.getManager().newSubManager()) {
            return batch.subi(scratch.create(m, perChannel)).divi(scratch.create(s, perChannel));
        }
    }
}
