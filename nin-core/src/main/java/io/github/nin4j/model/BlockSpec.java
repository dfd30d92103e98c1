package io.github.nin4j.model;

import io.github.nin4j.base.InvalidInputException;
import java.util.Arrays;

/**
 * The shape of one NiN block: a {@code kernel}×{@code kernel} convolution with {@code channels}
 * output channels, stride {@code stride} and zero padding {@code padding}, followed by 1×1
 * convolutions of the same width, as many as {@link NinArchitecture#pointwise()} says (d2l's {@code
 * nin_block(in, out, kernel_size, strides, padding)}, which has two).
 *
 * @param channels output channels of all the block's convolutions
 * @param kernel side of the first convolution's square kernel
 * @param stride stride of the first convolution
 * @param padding zero padding of the first convolution, on every side
 */
public record BlockSpec(int channels, int kernel, int stride, int padding) {

    /** Validates the values: every size positive, padding not negative. */
    public BlockSpec {
        if (channels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new InvalidInputException(
                    ("invalid NiN block %s: channels, kernel and stride must be at least 1 and"
                                    + " padding at least 0")
                            .formatted(this));
        }
    }

    /**
     * Parses {@code CHANNELS:KERNEL:STRIDE:PADDING}, the form the command line uses.
     *
     * @param text for example {@code 96:11:4:0}
     * @return the block
     */
    public static BlockSpec parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 4) {
            throw new InvalidInputException(
                    "block '" + text + "' must be CHANNELS:KERNEL:STRIDE:PADDING, e.g. 96:11:4:0");
        }
        try {
            int[] v = Arrays.stream(parts).map(String::trim).mapToInt(Integer::parseInt).toArray();
            return new BlockSpec(v[0], v[1], v[2], v[3]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    ("block '%s' must be four whole numbers CHANNELS:KERNEL:STRIDE:PADDING,"
                                    + " e.g. 96:11:4:0")
                            .formatted(text),
                    e);
        }
    }

    @Override
    public String toString() {
        return channels + ":" + kernel + ":" + stride + ":" + padding;
    }
}
