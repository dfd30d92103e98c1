/**
 * Pictures and tables for people: {@link io.github.nin4j.report.ImageGrid} draws captioned
 * grey-scale images in a grid (d2l's {@code show_images}) and writes it as a PNG; {@link
 * io.github.nin4j.report.TrainingCurves} draws d2l's training plot. Everything here draws from
 * plain data (points, counts, pixels), never from the training package's types: training uses the
 * report, not the other way round.
 */
package io.github.nin4j.report;
