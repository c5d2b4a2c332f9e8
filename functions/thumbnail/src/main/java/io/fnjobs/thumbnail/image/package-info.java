/**
 * Decoding, orienting, resampling and encoding an image into thumbnails, with limits and the errors that name
 * why an image is refused. Uses {@code image.jpeg} and the job's failure types; no storage.
 */
package io.fnjobs.thumbnail.image;
