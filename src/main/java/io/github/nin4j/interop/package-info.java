/**
 * Interchange with PyTorch: NumPy {@code .npz} archives, read and written by {@link
 * io.github.nin4j.interop.NpzFile} with DJL's own NumPy support.
 *
 * <p>A package of its own because it is a role of its own: it depends on {@code model} and on file
 * formats defined outside this project, and the model does not depend on it.
 */
package io.github.nin4j.interop;
