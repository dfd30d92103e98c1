/**
 * The side jobs of a training run, each a {@link io.github.nin4j.train.RunListener}: checkpoints
 * and the manifest ({@link io.github.nin4j.train.listener.CheckpointWriter}, {@link
 * io.github.nin4j.train.listener.ManifestWriter}), the curves ({@link
 * io.github.nin4j.train.listener.CurvesWriter}), NiN's known failure ({@link
 * io.github.nin4j.train.listener.PlateauWatch}, {@link
 * io.github.nin4j.train.listener.DeadClassWatch}) and the time estimate ({@link
 * io.github.nin4j.train.listener.TimeEstimator}). {@link
 * io.github.nin4j.train.listener.RunListeners#standard} gives the set every run directory needs; a
 * loop adds it only when asked. {@link io.github.nin4j.train.listener.StopSignal} interrupts a run
 * when a flag is raised on another thread.
 */
package io.github.nin4j.train.listener;
