package io.github.nin4j.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One NiN block computed in bfloat16: the k×k convolution and its ReLU, then each 1×1 convolution
 * and its ReLU, in channels-last memory format, from float32 input and parameters to a float32
 * output in channels-last. It runs the TorchScript operation {@value #RESOURCE}, written by {@code
 * bench/make_bf16_ops.py} with Debian's torch 1.13 and loaded by DJL's libtorch 2.7.1.
 *
 * <p>A block whose width is not a multiple of 16 is computed with zero channels added and sliced
 * off (the same numbers): oneDNN 3.7.1's bf16 kernels computed an 8-channel block wrong on AMD Zen
 * 5 (docs/notes/bf16.md).
 *
 * <p>The operation is loaded once per process, from the application's jar, and never closed: it
 * holds no parameters and no state, so every block in every model shares it.
 */
public final class Bf16BlockOperation {

    /** The TorchScript file, a class-path resource. */
    public static final String RESOURCE = "/io/github/nin4j/bf16/nin_block_bf16.pt";

    /*
     * How DJL's IValueUtils.forward turns an NDList into the operation's arguments: an array
     * whose name matches "word[]" joins a List[Tensor] of that name, one whose name holds a dot
     * goes into a Dict, any other one is a plain Tensor argument. Parameter arrays carry DJL's own
     * names, so the operation gets named aliases of them (views: no copy, and autograd carries the
     * gradient through to the parameter).
     */
    private static final String TENSOR = "tensor";
    private static final String PARAMETERS = "params[]";

    private Bf16BlockOperation() {}

    /**
     * Computes one NiN block in bfloat16. In training, or while a {@code GradientCollector} is
     * open, the computation is recorded for backpropagation (the collector then gets float32
     * gradients for the input and every parameter); otherwise it runs without autograd.
     *
     * @param input (N, C, H, W) float32
     * @param stride the k×k convolution's stride
     * @param padding the k×k convolution's zero padding on each side
     * @param parameters weight and bias of each convolution in order, the k×k one first, all
     *     float32
     * @param training whether the network is training
     * @return (N, C', H', W') float32 in channels-last memory format, attached to the input's
     *     manager
     * @throws IllegalArgumentException if the parameters are not weight and bias pairs
     */
    public static NDArray forward(
            NDArray input, int stride, int padding, List<NDArray> parameters, boolean training) {
        if (parameters.isEmpty() || parameters.size() % 2 != 0) {
            throw new IllegalArgumentException(
                    "a NiN block's parameters are weight and bias pairs, one per convolution; got "
                            + parameters.size()
                            + " arrays");
        }
        try (NDManager scope = input.getManager().newSubManager()) {
            NDList arguments = new NDList(2 + parameters.size());
            arguments.add(alias(input, scope, TENSOR));
            NDArray geometry = scope.create(new long[] {stride, padding});
            geometry.setName(TENSOR);
            arguments.add(geometry);
            for (NDArray parameter : parameters) {
                arguments.add(alias(parameter, scope, PARAMETERS));
            }
            // IValueUtils attaches the result to the first argument's manager, the scope here.
            // Recorded in training, and wherever a GradientCollector is open (the engine check
            // takes gradients of a network in evaluation mode); without autograd otherwise.
            boolean record = training || JniUtils.isGradMode();
            NDArray output =
                    IValueUtils.forward(Loaded.OPERATION, arguments, record).singletonOrThrow();
            output.attach(input.getManager());
            return output;
        }
    }

    private static NDArray alias(NDArray array, NDManager scope, String name) {
        NDArray view = array.reshape(array.getShape());
        view.attach(scope);
        view.setName(name);
        return view;
    }

    /** Loads the operation on first use (the holder idiom: the JVM makes it thread-safe). */
    private static final class Loaded {
        static final PtSymbolBlock OPERATION = load();

        private static PtSymbolBlock load() {
            // Open for the life of the process, as the operation that lives in it.
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
            try (InputStream in = Bf16BlockOperation.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(
                            RESOURCE + " is missing from the class path: the jar is incomplete");
                }
                return JniUtils.loadModule(manager, in, false, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
