/**
 * Labelled image data sets: {@link io.github.nin4j.data.ImageDataset} is what training and
 * evaluation need, with two kinds. Fashion-MNIST, the seed's: {@link
 * io.github.nin4j.data.DataLocator} finds the four IDX files in the user cache or Debian's package
 * directory, or downloads them with DJL's downloader (checked by SHA-256; downloads follow DJL's
 * offline switch), and {@link io.github.nin4j.data.FashionMnist#load} parses them strictly. One's
 * own images: {@link io.github.nin4j.data.ImageFolder} reads a folder of one sub-folder per class,
 * converted to grey or RGB squares as {@link io.github.nin4j.data.PhotoConverter} converts a single
 * photo, once, into an image cache on disk. Either way each split is an {@link
 * io.github.nin4j.data.ImageSet} of bytes, and {@link io.github.nin4j.data.BatchLoader} turns it
 * into DJL batches resized on the engine, shuffled reproducibly, and made in the background while
 * the previous batch trains.
 */
package io.github.nin4j.data;
