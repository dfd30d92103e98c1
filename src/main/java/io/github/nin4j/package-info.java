/**
 * NiN for Java: Network in Network (Lin, Chen and Yan, 2013, arXiv:1312.4400) on DJL, as taught in
 * Dive into Deep Learning, chapter "Network in Network (NiN)".
 *
 * <p>Packages by role: {@code model} (NiN blocks and models), {@code data} (Fashion-MNIST), {@code
 * train} (training loop, metrics, checkpoints), {@code report} (plots and tables) and {@code cli}
 * (the {@code nin} command). This package holds what they all share: {@link
 * io.github.nin4j.InvalidInputException}, the one kind of error that is the user's to fix, and
 * {@link io.github.nin4j.AtomicFile}, through which every file is written.
 */
package io.github.nin4j;
