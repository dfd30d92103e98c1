/**
 * Pictures and tables for people: {@link io.github.nin4j.report.ImageGrid} draws captioned
 * grey-scale images in a grid (d2l's {@code show_images}) and writes it as a PNG.
 */
package io.github.nin4j.report;
