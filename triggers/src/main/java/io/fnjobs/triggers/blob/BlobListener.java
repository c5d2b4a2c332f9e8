package io.fnjobs.triggers.blob;

import io.fnjobs.triggers.definition.BlobSource;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.ConnectingListener;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Listens to changes of objects in one bucket and prefix. */
public final class BlobListener extends ConnectingListener {

  private final S3Client s3;
  private final BlobSource source;

  public BlobListener(TriggerDefinition definition, FunctionRef function, S3Client s3) {
    super(definition, function);
    this.s3 = s3;
    this.source = definition.source(BlobSource.class);
  }

  @Override
  protected void connect() {
    s3.headBucket(request -> request.bucket(source.bucket()));
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("bucket", source.bucket(), "prefix", source.prefix());
  }
}
