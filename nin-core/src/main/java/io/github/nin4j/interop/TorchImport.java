package io.github.nin4j.interop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nin4j.base.Checksums;
import io.github.nin4j.base.InvalidInputException;
import io.github.nin4j.base.Reasons;
import io.github.nin4j.compute.ComputePlan;
import io.github.nin4j.compute.FiniteParameters;
import io.github.nin4j.compute.NinModel;
import io.github.nin4j.model.ConvolutionLayout;
import io.github.nin4j.model.NinArchitecture;
import io.github.nin4j.precision.Precision;
import io.github.nin4j.train.Manifest;
import io.github.nin4j.train.OnPlateau;
import io.github.nin4j.train.RunDirectory;
import io.github.nin4j.train.TrainingConfig;
import io.github.nin4j.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch NiN's weights, saved as {@code .npz} under the seed's {@code state_dict} keys, made
 * into a run directory that evaluation, prediction, export and {@code train --resume} accept.
 *
 * <pre>{@code
 * try (TorchImport weights = TorchImport.read(npz)) {
 *     weights.into(runDir, weights.inferArchitecture(), 224);
 * }
 * }</pre>
 *
 * <p>The run's manifest records what was read (the file, its SHA-256, the number of arrays) and
 * what it is for (the architecture and the input side). A run directory also needs a training
 * recipe, for {@code train --resume}; the weights carry none, so the seed's is written ({@link
 * #DEFAULTS_AT_IMPORT}: 10 epochs, learning rate 0.1, batch size 128, all examples, seed 1, warn on
 * a plateau) and the manifest's import event names those settings as chosen at import, not
 * imported.
 */
public final class TorchImport implements AutoCloseable {

    /** The settings of an imported run's configuration that are chosen at import, not read. */
    public static final List<String> DEFAULTS_AT_IMPORT =
            List.of(
                    TrainingConfig.EPOCHS,
                    TrainingConfig.LEARNING_RATE,
                    TrainingConfig.BATCH_SIZE,
                    TrainingConfig.LIMIT,
                    TrainingConfig.SEED,
                    TrainingConfig.ON_PLATEAU);

    private final Path file;
    private final String sha256;
    private final NDManager manager;
    private final Map<String, NDArray> stateDict;
    private final Map<String, Shape> shapes;

    private TorchImport(Path file, String sha256, NDManager manager, Map<String, NDArray> dict) {
        this.file = file;
        this.sha256 = sha256;
        this.manager = manager;
        this.stateDict = dict;
        this.shapes = TorchStateDict.shapesOf(dict);
    }

    /**
     * Reads the weights. Close the result to free them.
     *
     * @param npz a NumPy archive of a NiN's {@code state_dict}
     * @return the weights, with the file's SHA-256
     * @throws InvalidInputException if the file cannot be read or is not such an archive
     */
    public static TorchImport read(Path npz) {
        byte[] content;
        try {
            content = Files.readAllBytes(npz);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + npz + ": " + Reasons.of(e), e);
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            Map<String, NDArray> dict = NpzFile.of(npz).read(manager);
            return new TorchImport(npz, Checksums.sha256(content), manager, dict);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The arrays' shapes, by {@code state_dict} key.
     *
     * @return the shapes
     */
    public Map<String, Shape> shapes() {
        return shapes;
    }

    /**
     * How many arrays the file held.
     *
     * @return the number of arrays
     */
    public int arrays() {
        return stateDict.size();
    }

    /**
     * The SHA-256 of the file.
     *
     * @return lowercase hex
     */
    public String sha256() {
        return sha256;
    }

    /**
     * The input channels of the first convolution's weight, for a caller that describes the
     * architecture itself.
     *
     * @return the channels, 1 when the weights have no {@code 0.0.weight}
     */
    public int inputChannels() {
        return (int) shapes.getOrDefault("0.0.weight", new Shape(0, 1)).get(1);
    }

    /**
     * The architecture read from the weights' shapes, when its kernels are the seed's and its head
     * global pooling.
     *
     * @return the architecture
     * @throws InvalidInputException if the shapes do not determine one
     */
    public NinArchitecture inferArchitecture() {
        return TorchStateDict.inferArchitecture(shapes);
    }

    /**
     * Loads the weights into the architecture's network and writes it as a new run directory.
     *
     * @param runDir the run directory to create
     * @param architecture the network the weights are for
     * @param inputSide the image side the network was trained at
     * @throws InvalidInputException if the directory exists and is not empty, the side is too
     *     small, or the weights do not fit the architecture or hold NaN or infinite values; the
     *     directory is created only after every check passed
     */
    public void into(Path runDir, NinArchitecture architecture, int inputSide) {
        if (!architecture.accepts(inputSide)) {
            throw new InvalidInputException(
                    "input side %s is too small; the smallest the network accepts is %s"
                            .formatted(inputSide, architecture.minimumInputSide()));
        }
        TorchStateDict.of(architecture).check(shapes);
        FiniteParameters.require(
                stateDict,
                "weights " + file,
                "export them from a network that trained without diverging");
        // The seed's recipe; the manifest says that these values were chosen here.
        TrainingConfig config =
                new TrainingConfig(architecture, 10, 0.1, 128, inputSide, 0, 1, OnPlateau.WARN);
        // Import computes nothing: the weights only pass through a float32 network on the CPU.
        ComputePlan readOnly =
                ComputePlan.unchecked(Device.cpu(), ConvolutionLayout.NCHW, Precision.FP32);
        RunDirectory run;
        try (NinModel nin =
                NinModel.builder()
                        .setArchitecture(architecture)
                        .setInputShape(
                                new Shape(1, architecture.inputChannels(), inputSide, inputSide))
                        .setPlan(readOnly)
                        .build()) {
            TorchStateDict.of(architecture).load(nin.network(), stateDict);
            // Created only once the weights have loaded, so a refused file leaves nothing behind.
            run = RunDirectory.create(runDir);
            run.saveEpoch(nin.model(), TrainingHistory.empty());
        }
        run.writeManifest(
                Manifest.imported(
                        config,
                        file.toAbsolutePath().toString(),
                        sha256,
                        stateDict.size(),
                        DEFAULTS_AT_IMPORT));
    }

    /** Frees the arrays read. */
    @Override
    public void close() {
        manager.close();
    }
}
