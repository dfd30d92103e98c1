/**
 * The chapter's questions answered by measurement: an {@link io.github.nin4j.experiment.Experiment}
 * trains a grid of network and recipe {@link io.github.nin4j.experiment.Variant}s over several
 * seeds, each cell an ordinary run directory, then measures each variant's cost ({@link
 * io.github.nin4j.experiment.VariantCost}) and writes a report ({@link
 * io.github.nin4j.experiment.ExperimentReport}) that sets accuracy, failures to train, overfitting
 * and speed beside parameters, multiply-adds and memory.
 */
package io.github.nin4j.experiment;
