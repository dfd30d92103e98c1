/**
 * NiN for Java: Network in Network (Lin, Chen and Yan, 2013, arXiv:1312.4400) on DJL, as taught in
 * Dive into Deep Learning, chapter "Network in Network (NiN)". This is the library, {@code
 * io.github.nin4j:nin-core}; the {@code nin} command is the separate {@code nin-cli} module.
 *
 * <p>Packages by role, each using only those listed before it:
 *
 * <ul>
 *   <li>{@code base}: what all share: the one kind of error that is the caller's to fix (an {@code
 *       IllegalArgumentException}), atomic file writes, checksums;
 *   <li>{@code torch}: the one class that reaches past DJL's public API into its PyTorch engine;
 *   <li>{@code machine}: what a run records about the machine and its memory allocator;
 *   <li>{@code model}: NiN blocks and models, with PyTorch's initialisation, one walk of a built
 *       network for its geometry, and d2l's AlexNet and VGG-11 for comparison;
 *   <li>{@code precision}: the number format a network's blocks compute in, chosen when they are
 *       built, with the tolerances the engine check holds it to;
 *   <li>{@code engine}: the check that the engine computes the network right on this machine;
 *   <li>{@code compute}: the plan the check finds right (device, layout, precision) and the one
 *       factory of runnable networks, {@code NinModel};
 *   <li>{@code data}: labelled image sets (Fashion-MNIST, found or downloaded and checked, or a
 *       folder of one's own images), parsed and batched;
 *   <li>{@code report}: plots and image grids for people;
 *   <li>{@code train}: the training loop, metrics, the plateau detector and the run directory, with
 *       the run's side jobs (checkpoints, manifest, curves, watches) in {@code train.listener};
 *   <li>{@code interop}: PyTorch's {@code state_dict()} as {@code .npz}, import, and the parity
 *       check against the seed's PyTorch code;
 *   <li>{@code inference}: prediction through DJL's {@code Translator} and {@code Predictor};
 *   <li>{@code bench}: training, inference and data-pipeline benchmarks, and the engine's profiler;
 *   <li>{@code experiment}: the chapter's questions by measurement, a grid of network and recipe
 *       variants trained with several seeds, their costs and a report.
 * </ul>
 */
package io.github.nin4j;
