/**
 * Interchange with PyTorch: a NiN's parameters as the seed's {@code state_dict()} and NumPy {@code
 * .npz} archives, and the parity check that proves this project computes the seed's network.
 *
 * <p>A package of its own because it is a role of its own: it depends on {@code model} and on file
 * formats defined outside this project, and the model does not depend on it. {@link
 * io.github.nin4j.interop.TorchStateDict} names a network's parameters as PyTorch does, {@link
 * io.github.nin4j.interop.NpzFile} reads and writes the archives with DJL's own NumPy support, and
 * {@link io.github.nin4j.interop.ParityCheck} compares our forward pass, loss and SGD step with a
 * {@link io.github.nin4j.interop.ParityFixture} written by {@code
 * generators/make_parity_fixture.py}. {@link io.github.nin4j.interop.TorchImport} makes a PyTorch
 * NiN's {@code .npz} a run directory whose manifest records what was read and names the recipe
 * settings chosen at import.
 */
package io.github.nin4j.interop;
