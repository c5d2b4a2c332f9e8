package io.fnjobs.common.storage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the S3 requests a client sends, by the kind the store bills them as: every HTTP request
 * counts, retries and lost conditional writes (412) too, since a store bills those as well. Give it to
 * {@link StorageClients#s3(EndpointSettings, java.util.List)}.
 */
public final class RequestTally implements ExecutionInterceptor {

  /** How a request is billed: AWS lists PUT, COPY, POST and LIST at one price, GET and the rest at another. */
  public enum Kind {
    PUT, GET, HEAD, LIST, DELETE, OTHER;

    static Kind of(String operation) {
      return switch (operation) {
        case "PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" -> PUT;
        case "GetObject" -> GET;
        case "HeadObject", "HeadBucket" -> HEAD;
        case "ListObjects", "ListObjectsV2", "ListObjectVersions", "ListMultipartUploads" -> LIST;
        case "DeleteObject", "DeleteObjects" -> DELETE;
        default -> OTHER;
      };
    }
  }

  private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.incrementAndGet(Kind.of(operation == null ? "" : operation).ordinal());
  }

  /** The requests counted so far, by kind (every kind present, zero when none). */
  public Map<Kind, Long> snapshot() {
    Map<Kind, Long> snapshot = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      snapshot.put(kind, counts.get(kind.ordinal()));
    }
    return snapshot;
  }

  /** The requests counted since {@code before} (a {@link #snapshot()}), by kind. */
  public Map<Kind, Long> since(Map<Kind, Long> before) {
    Map<Kind, Long> delta = snapshot();
    delta.replaceAll((kind, now) -> now - before.getOrDefault(kind, 0L));
    return delta;
  }
}
