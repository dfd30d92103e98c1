package io.github.nin4j.torch;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * What the library needs of DJL's PyTorch engine beyond DJL's public API: autograd's per-thread
 * switch, TorchScript's graph executor, and PyTorch's profiler. TorchScript modules themselves are
 * loaded and run through the public API ({@link Model#load(InputStream)}, {@link Block#forward}).
 * No other class imports the engine's packages ({@code ArchitectureTest}), so a change of DJL's
 * engine internals touches this class only.
 */
public final class TorchEngineAdapter {

    /** The engine's name in DJL. */
    public static final String ENGINE = "PyTorch";

    private TorchEngineAdapter() {}

    /**
     * Prepares the calling thread for the engine: starts the engine if nothing has yet (which loads
     * the native library), then turns autograd off on this thread, as DJL has it between gradient
     * collectors. PyTorch keeps autograd's switch per thread, and each new thread starts with it
     * on; DJL turns it off only on the thread that starts the engine and when a {@code
     * GradientCollector} closes. On any other thread, before its first collector, writing into a
     * parameter in place (the engine check's weights, a loaded {@code state_dict}) fails with "a
     * leaf Variable that requires grad is being used in an in-place operation", and inference
     * records autograd graphs it never uses. So every entry point that computes calls this first,
     * whatever thread it runs on; a collector opened afterwards turns autograd on for its span.
     */
    public static void prepareThread() {
        Engine.getEngine(ENGINE);
        JniUtils.setGradMode(false);
    }

    /**
     * A new, empty DJL model on this engine; the only place the library makes one.
     *
     * @param name the model's name
     * @param device where its arrays live; null for the engine's default device
     * @return the model; close it
     */
    public static Model newModel(String name, Device device) {
        return Model.newInstance(name, device, ENGINE);
    }

    /**
     * Loads a TorchScript module through DJL's public loader.
     *
     * @param name the model's name
     * @param in the module's bytes, as {@code torch.jit.save} writes them
     * @return the module as a model whose block has no parameters of its own; the caller keeps it
     *     as long as it runs the module (DJL closes a model it collects)
     * @throws IOException if the stream cannot be read or is not a TorchScript module
     */
    public static Model loadScript(String name, InputStream in) throws IOException {
        Model model = newModel(name, null);
        try {
            model.load(in);
        } catch (MalformedModelException e) {
            model.close();
            throw new IOException(name + " is not a TorchScript module", e);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * Runs a module loaded by {@link #loadScript}. The computation is recorded for backpropagation
     * in training and wherever autograd is on (a {@code GradientCollector} is open: the engine
     * check takes gradients of a network in evaluation mode); otherwise it runs without autograd.
     *
     * @param script the module's model
     * @param arguments its arguments, named as DJL's PyTorch engine maps an {@code NDList} to a
     *     module's arguments (a name {@code word[]} joins a list of that name); the first one's
     *     manager gets the result
     * @param training whether the network is training
     * @return the module's outputs
     */
    public static NDList runScript(Model script, NDList arguments, boolean training) {
        // TorchScript's optimising executor (on by default, and per thread) differentiates the
        // graph with its own formulas: it splits addmm into mm and add and a ReLU's backward into
        // gt, mul and copies, which slows a bf16 training step. Off, autograd uses ATen's own
        // derivatives. DJL's ai.djl.pytorch.graph_optimizer property, when set, overrides this.
        JniUtils.setGraphExecutorOptimize(false);
        boolean record = training || JniUtils.isGradMode();
        ParameterStore store = new ParameterStore(arguments.head().getManager(), false);
        return script.getBlock().forward(store, arguments, record);
    }

    /** Starts PyTorch's profiler on this process: operators with their input shapes. */
    public static void startProfile() {
        JniUtils.startProfile(false, true, false);
    }

    /**
     * Stops PyTorch's profiler and writes what it recorded.
     *
     * @param trace where the Chrome trace goes
     */
    public static void stopProfile(Path trace) {
        JniUtils.stopProfile(trace.toString());
    }
}
