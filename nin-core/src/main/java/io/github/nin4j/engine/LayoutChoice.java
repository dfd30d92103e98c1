package io.github.nin4j.engine;

import io.github.nin4j.model.ConvolutionLayout;
import java.util.List;

/** How the memory layout of a network's convolutions is chosen. */
public enum LayoutChoice {
    /**
     * NCHW (PyTorch's default) when the engine check finds it right; otherwise channels-last,
     * checked again.
     */
    AUTO(List.of(ConvolutionLayout.NCHW, ConvolutionLayout.CHANNELS_LAST)),
    /** NCHW, whatever the check finds. */
    NCHW(List.of(ConvolutionLayout.NCHW)),
    /** Channels-last, whatever the check finds. */
    CHANNELS_LAST(List.of(ConvolutionLayout.CHANNELS_LAST));

    private final List<ConvolutionLayout> candidates;

    LayoutChoice(List<ConvolutionLayout> candidates) {
        this.candidates = candidates;
    }

    /**
     * The layouts to try, in order; the first one the check finds right is used.
     *
     * @return one or more layouts
     */
    public List<ConvolutionLayout> candidates() {
        return candidates;
    }
}
