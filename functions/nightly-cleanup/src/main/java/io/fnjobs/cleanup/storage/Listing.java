package io.fnjobs.cleanup.storage;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under a prefix in key order, fetched a page at a time as they are consumed: memory holds
 * one page, however many objects there are. Starts after a key, so that a walk can resume there.
 */
public final class Listing implements Iterator<S3Object> {

  private static final int PAGE = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private String startAfter;
  private Iterator<S3Object> page = List.<S3Object>of().iterator();
  private boolean more = true;

  public Listing(S3Client s3, String bucket, String prefix, String startAfter) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.startAfter = startAfter;
  }

  @Override
  public boolean hasNext() {
    while (!page.hasNext() && more) {
      ListObjectsV2Response response = s3.listObjectsV2(r -> {
        r.bucket(bucket).prefix(prefix).maxKeys(PAGE);
        if (startAfter != null && !startAfter.isEmpty()) {
          r.startAfter(startAfter);
        }
      });
      List<S3Object> objects = response.contents();
      more = Boolean.TRUE.equals(response.isTruncated()) && !objects.isEmpty();
      if (!objects.isEmpty()) {
        startAfter = objects.get(objects.size() - 1).key();
      }
      page = objects.iterator();
    }
    return page.hasNext();
  }

  @Override
  public S3Object next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.next();
  }
}
