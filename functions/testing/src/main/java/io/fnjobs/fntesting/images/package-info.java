/**
 * Sample images made in code and a PSNR measure, for the thumbnail tests and benches. Uses only
 * javax.imageio.
 */
package io.fnjobs.fntesting.images;
