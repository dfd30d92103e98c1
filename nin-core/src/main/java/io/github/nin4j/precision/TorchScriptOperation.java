package io.github.nin4j.precision;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.nin4j.torch.TorchEngineAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A TorchScript operation shipped as a class-path resource and called with DJL's float32 arrays:
 * plain tensor arguments, then a list of parameters. It is loaded on first use, from the jar, and
 * never closed: it holds no parameters and no state, so every block in every model shares it.
 */
final class TorchScriptOperation {

    /*
     * How DJL's PyTorch engine turns an NDList into the operation's arguments: an array
     * whose name matches "word[]" joins a List[Tensor] of that name, one whose name holds a dot
     * goes into a Dict, any other one is a plain Tensor argument. Parameter arrays carry DJL's own
     * names, so the operation gets named aliases of them (views: no copy, and autograd carries the
     * gradient through to the parameter).
     */
    private static final String TENSOR = "tensor";
    private static final String PARAMETERS = "params[]";

    private final String resource;
    private volatile Model module;

    /** An operation to load from the class path, by its absolute resource name, on first use. */
    TorchScriptOperation(String resource) {
        this.resource = resource;
    }

    /**
     * Runs the operation. In training, or while a {@code GradientCollector} is open, the
     * computation is recorded for backpropagation; otherwise it runs without autograd.
     *
     * @param tensors its plain tensor arguments in order, the first one the input, whose manager
     *     gets the result
     * @param parameters its list argument
     * @param training whether the network is training
     * @return its one output
     */
    NDArray call(List<NDArray> tensors, List<NDArray> parameters, boolean training) {
        NDArray input = tensors.get(0);
        try (NDManager scope = input.getManager().newSubManager()) {
            NDList arguments = new NDList(tensors.size() + parameters.size());
            for (NDArray tensor : tensors) {
                arguments.add(alias(tensor, scope, TENSOR));
            }
            for (NDArray parameter : parameters) {
                arguments.add(alias(parameter, scope, PARAMETERS));
            }
            // The engine attaches the result to the first argument's manager, the scope here.
            NDArray output =
                    TorchEngineAdapter.runScript(loaded(), arguments, training).singletonOrThrow();
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

    private Model loaded() {
        Model loaded = module;
        if (loaded == null) {
            synchronized (this) {
                loaded = module;
                if (loaded == null) {
                    loaded = load();
                    module = loaded;
                }
            }
        }
        return loaded;
    }

    private Model load() {
        // Open for the life of the process, as the operation that lives in it.
        try (InputStream in = TorchScriptOperation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource + " is missing from the class path: the jar is incomplete");
            }
            return TorchEngineAdapter.loadScript(resource, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
