/**
 * The side jobs of a training run, each a {@link io.github.nin4j.train.RunListener}: checkpoints,
 * manifest, curves, NiN's known failure and the time estimate. {@link
 * io.github.nin4j.train.listener.RunListeners#standard} gives the set every run directory needs; a
 * loop adds it only when asked. {@link io.github.nin4j.train.listener.StopSignal} interrupts a run
 * when a flag is raised on another thread.
 */
package io.github.nin4j.train.listener;
