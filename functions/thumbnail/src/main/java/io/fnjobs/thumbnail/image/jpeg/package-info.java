/**
 * A baseline and progressive JPEG decoder that decodes at 1/2, 1/4 or 1/8 of the size, so a large photo never
 * needs its full raster. Uses nothing of the project.
 */
package io.fnjobs.thumbnail.image.jpeg;
