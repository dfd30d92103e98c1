/**
 * What every other package shares: {@link io.github.nin4j.base.InvalidInputException}, the one kind
 * of error that is the caller's to fix (an {@link IllegalArgumentException}, with {@link
 * io.github.nin4j.base.InvalidValueException} for a setting's value), {@link
 * io.github.nin4j.base.AtomicFile}, through which every file is written, and {@link
 * io.github.nin4j.base.Checksums}. It imports no other package of the project.
 */
package io.github.nin4j.base;
