package io.github.nin4j.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Prepares the calling thread for the engine. PyTorch keeps autograd's on/off switch per thread,
 * and each new thread starts with it on; DJL turns it off only on the thread that starts the engine
 * and when a {@code GradientCollector} closes. On any other thread, before its first collector,
 * writing into a parameter in place (the engine check's weights, a loaded {@code state_dict}) fails
 * with "a leaf Variable that requires grad is being used in an in-place operation", and inference
 * records autograd graphs it never uses. So every entry point that computes calls {@link
 * #prepare()} first, whatever thread it runs on.
 */
public final class EngineThread {

    private EngineThread() {}

    /**
     * Turns autograd off on the calling thread, as DJL has it between gradient collectors. A
     * collector opened afterwards turns it on for its own span, as usual.
     */
    public static void prepare() {
        // Starts the engine first if nothing has yet: that loads the native library.
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
    }
}
