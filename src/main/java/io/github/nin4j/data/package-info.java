/**
 * Fashion-MNIST, the seed's data set: {@link io.github.nin4j.data.DataLocator} finds the four IDX
 * files or fetches them (checked by SHA-256), {@link io.github.nin4j.data.FashionMnist#load} parses
 * them strictly into {@link io.github.nin4j.data.ImageSet}s of bytes, and {@link
 * io.github.nin4j.data.BatchLoader} turns a split into DJL batches resized on the engine, shuffled
 * reproducibly, and made in the background while the previous batch trains.
 */
package io.github.nin4j.data;
