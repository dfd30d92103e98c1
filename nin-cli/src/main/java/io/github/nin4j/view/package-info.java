/**
 * {@code nin view}: a small read-only web server that shows training runs and experiments as d2l's
 * animated plot, live. {@link io.github.nin4j.view.ViewServer} serves one page, its scripts (uPlot,
 * from its webjar inside the jar) and one JSON document of every run's state: {@link
 * io.github.nin4j.view.ViewData} reads the directories' files and serialises the {@code
 * RunSnapshot}s and {@code ExperimentSnapshot}s nin-core builds from them. {@link
 * io.github.nin4j.view.LiveView} is the opt-in listener {@code nin train --view} adds, so that the
 * page sees the points within an epoch and the confusion matrix and predictions after each.
 */
package io.github.nin4j.view;
