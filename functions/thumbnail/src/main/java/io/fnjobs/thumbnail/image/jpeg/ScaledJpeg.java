package io.fnjobs.thumbnail.image.jpeg;

/**
 * A JPEG decoded at 1/{@code scale} of its {@code width} x {@code height}: {@code decodedWidth} x
 * {@code decodedHeight} (each rounded up) packed RGB pixels, row by row, each the mean of the
 * {@code scale} x {@code scale} pixels it covers. {@code truncation} says, in libjpeg's words, that
 * the file ends early and how (the missing part is flat grey); null for a whole file.
 */
public record ScaledJpeg(
    int width, int height, int scale, int decodedWidth, int decodedHeight, int[] pixels, String truncation) {}
