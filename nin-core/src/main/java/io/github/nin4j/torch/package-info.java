/**
 * The one place that reaches past DJL's public API into its PyTorch engine: {@link
 * io.github.nin4j.torch.TorchEngineAdapter}. Every other package uses DJL's engine-neutral API
 * ({@code Model}, {@code Block}, {@code NDArray}); an ArchUnit rule keeps it so.
 */
package io.github.nin4j.torch;
