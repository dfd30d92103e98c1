package io.github.nin4j.engine;

import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;

/**
 * The convolution layout the engine check picks on this machine, for tests that build their own
 * convolutions: channels-last where the engine computes it right (every CPU seen), NCHW where it
 * does not. Checked once per test run, on the seed's network at its smallest input, which includes
 * the known triggers of the fault.
 */
public final class CheckedLayout {

    private static ConvolutionLayout layout;

    private CheckedLayout() {}

    /**
     * The layout found right on this machine.
     *
     * @return the layout
     * @throws EngineFaultException when none is right: every test computing with it would fail
     */
    public static synchronized ConvolutionLayout onThisMachine() {
        if (layout == null) {
            NinArchitecture seed = NinArchitecture.seed();
            EngineVerdict verdict =
                    EngineCheck.builder()
                            .setArchitecture(seed)
                            .setInputSide(seed.minimumInputSide())
                            .build()
                            .run();
            if (!verdict.right()) {
                throw new EngineFaultException(verdict);
            }
            layout = verdict.layout();
        }
        return layout;
    }
}
