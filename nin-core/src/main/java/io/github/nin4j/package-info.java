/**
 * NiN for Java: Network in Network (Lin, Chen and Yan, 2013, arXiv:1312.4400) on DJL, as taught in
 * Dive into Deep Learning, chapter "Network in Network (NiN)".
 *
 * <p>Packages by role:
 *
 * <ul>
 *   <li>{@code model}: NiN blocks and models, with PyTorch's initialisation, and d2l's AlexNet and
 *       VGG-11 for comparison;
 *   <li>{@code data}: labelled image sets (Fashion-MNIST, found or fetched and checked, or a folder
 *       of one's own images), parsed and batched;
 *   <li>{@code train}: the training loop, metrics, the plateau detector and the run directory, with
 *       the run's side jobs (checkpoints, manifest, curves, watches) in {@code train.listener};
 *   <li>{@code experiment}: the chapter's questions by measurement, a grid of network and recipe
 *       variants trained with several seeds, their costs and a report;
 *   <li>{@code engine}: the check that the engine computes the network right on this machine, and
 *       the convolution layout chosen by it;
 *   <li>{@code interop}: PyTorch's {@code state_dict()} as {@code .npz}, and the parity check
 *       against the seed's PyTorch code;
 *   <li>{@code bench}: training, inference and data-pipeline benchmarks, and the engine's profiler;
 *   <li>{@code report}: plots and image grids for people;
 *   <li>{@code machine}: what a run records about the machine and its memory allocator;
 *   <li>{@code cli}: the {@code nin} command.
 * </ul>
 *
 * <p>This package holds what they all share: {@link InvalidInputException}, the one kind of error
 * that is the user's to fix (with {@link InvalidValueException} for a setting's value), and {@link
 * AtomicFile}, through which every file is written.
 */
package io.github.nin4j;
