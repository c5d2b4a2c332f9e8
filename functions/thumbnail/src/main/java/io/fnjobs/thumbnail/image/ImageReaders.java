package io.fnjobs.thumbnail.image;

import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.ImageInputStream;

/**
 * The image readers the thumbnailer uses, in a registry of its own: the JDK's readers plus the ImageIO
 * plugins on this class's class path (TwelveMonkeys JPEG for CMYK and EXIF, WebP).
 *
 * <p>ImageIO's global registry finds plugins through the class loader of whichever thread first touches
 * it; a function host that gives each function its own class loader would then miss them. A private
 * registry filled from this class's loader sees them wherever it runs.
 */
final class ImageReaders {

  /** The formats thumbnails are made of, by the names their readers give. */
  static final Set<String> FORMATS = Set.of("jpeg", "png", "gif", "bmp", "webp");

  private final ServiceRegistry registry = new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());

  ImageReaders() {
    // the JDK's readers first: TwelveMonkeys' JPEG reader decodes through the JDK's, which it looks up
    // by name in the registry it joins, and orders itself before it
    IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, false)
        .forEachRemaining(spi -> registry.registerServiceProvider(spi, ImageReaderSpi.class));
    ServiceLoader.load(ImageReaderSpi.class, ImageReaders.class.getClassLoader())
        .forEach(spi -> registry.registerServiceProvider(spi, ImageReaderSpi.class));
  }

  /** A reader of one of {@link #FORMATS} that recognises the stream's first bytes, if any. */
  Optional<ImageReader> readerFor(ImageInputStream in) throws IOException {
    Iterator<ImageReaderSpi> providers = registry.getServiceProviders(ImageReaderSpi.class, true);
    while (providers.hasNext()) {
      ImageReaderSpi spi = providers.next();
      if (readsOneOfOurFormats(spi) && recognises(spi, in)) {
        return Optional.of(spi.createReaderInstance());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code spi} recognises the stream. A file shorter than the signature a reader looks for
   * makes some readers run off its end: that is a no, and the next reader looks from the start again.
   */
  private static boolean recognises(ImageReaderSpi spi, ImageInputStream in) throws IOException {
    long start = in.getStreamPosition();
    try {
      return spi.canDecodeInput(in);
    } catch (EOFException tooShort) {
      in.seek(start);
      return false;
    }
  }

  private static boolean readsOneOfOurFormats(ImageReaderSpi spi) {
    for (String name : spi.getFormatNames()) {
      if (FORMATS.contains(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
