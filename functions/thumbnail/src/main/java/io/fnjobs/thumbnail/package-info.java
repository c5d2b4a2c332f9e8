/**
 * The thumbnail function: the Fn adapter, the job that makes or removes an original's thumbnails under its
 * flag, and the store that writes them at {@code OutputLayout#thumbnail}. Uses {@code image} and
 * {@code io.fnjobs.common}.
 */
package io.fnjobs.thumbnail;
