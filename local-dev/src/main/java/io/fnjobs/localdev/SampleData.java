package io.fnjobs.localdev;

import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.S3ConditionalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sample objects of {@code infra/sample-data}: {@code <bucket>/<key>} there is put as object
 * {@code <key>} of {@code <bucket>} when that object is absent ({@code If-None-Match: *}), so a restart
 * never overwrites what the system has changed since (stock taken by orders, say).
 */
final class SampleData {

  private static final Logger LOG = LoggerFactory.getLogger(SampleData.class);

  private SampleData() {}

  /** Seeds the buckets that exist; returns how many objects were put. */
  static int seed(Path folder, S3Client s3, List<String> buckets) {
    int put = 0;
    for (String bucket : buckets) {
      Path root = folder.resolve(bucket);
      if (Files.isDirectory(root)) {
        put += seedBucket(root, new S3ConditionalStore(s3, bucket));
      }
    }
    if (put > 0) {
      LOG.info("put {} sample objects from {}", put, folder);
    }
    return put;
  }

  private static int seedBucket(Path root, S3ConditionalStore bucket) {
    int put = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        try {
          bucket.create(key, Files.readAllBytes(file), file.toString().endsWith(".json") ? "application/json" : null);
          put++;
        } catch (PreconditionFailedException exists) {
          // kept as the system left it
        }
      }
      return put;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample data in " + root, e);
    }
  }
}
