package io.fnjobs.localdev.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Answers writes in a folder that a concurrent DELETE removes as S3 answers them, and keeps the data
 * folder's file paths out of answers and logs.
 *
 * <p>The filesystem store keeps a key's slashes as folders and removes a folder when a DELETE takes its
 * last object. A PUT of another key in that folder creates the folder, then its temporary file in it: a
 * DELETE that prunes the folder in between (the locks of {@link KeySerialisingStore} are per key, not
 * per folder) fails the PUT with {@link NoSuchFileException}, which reached the client as a 500 and
 * Jetty's log with the file's path. The PUT had not read its body yet (the temporary file is created
 * before the body is copied, and a folder holding it is not empty), so it is simply made again; a copy
 * likewise. A DELETE that meets its folder gone has nothing left to delete: S3 answers that with 204.
 *
 * <p>Any other file-system failure is answered as S3's {@code InternalError} (500), logged without the
 * file's path. Sits right above the filesystem store, under the key locks.
 */
final class PrunedFolderStore extends ForwardingBlobStore {

  private static final Logger LOG = LoggerFactory.getLogger(PrunedFolderStore.class);

  /** A folder is pruned once per DELETE that empties it: a few tries outlast any real interleaving. */
  private static final int ATTEMPTS = 10;

  PrunedFolderStore(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    UnreadBody body = new UnreadBody(payload);
    return again(request.bucket(), request.key(), body::unread, () -> super.putBlob(request, body));
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return again(request.destinationBucket(), request.destinationKey(), () -> true, () -> super.copyBlob(request));
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    try {
      return super.removeBlob(request);
    } catch (RuntimeException e) {
      if (cause(e, NoSuchFileException.class) != null) {
        return DeleteObjectResponse.builder().build();
      }
      throw withoutPath("DELETE", request.bucket(), request.key(), e);
    }
  }

  private static <T> T again(String bucket, String key, Supplier<Boolean> repeatable, Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (RuntimeException e) {
        if (attempt == ATTEMPTS || !repeatable.get() || cause(e, NoSuchFileException.class) == null) {
          throw withoutPath("write", bucket, key, e);
        }
        LOG.debug("write of {}/{}: its folder was removed meanwhile, writing again", bucket, key);
      }
    }
  }

  /** A file-system failure as S3's 500, logged with its reason but not the data folder's path. */
  private static RuntimeException withoutPath(String request, String bucket, String key, RuntimeException e) {
    FileSystemException failure = cause(e, FileSystemException.class);
    if (failure == null) {
      return e;
    }
    LOG.warn("{} of {}/{} failed in the data folder: {} ({})", request, bucket, key,
        failure.getClass().getSimpleName(), failure.getReason() == null ? "no reason given" : failure.getReason());
    return S3Exceptions.fromStatusCode(500);
  }

  private static <E extends Throwable> E cause(Throwable e, Class<E> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  /** A request body that tells whether anything has been read from it yet. */
  private static final class UnreadBody extends FilterInputStream {
    private volatile boolean touched;

    UnreadBody(InputStream in) {
      super(in);
    }

    boolean unread() {
      return !touched;
    }

    @Override
    public int read() throws IOException {
      touched = true;
      return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      touched = true;
      return super.read(buffer, offset, length);
    }

    @Override
    public long skip(long n) throws IOException {
      touched = true;
      return super.skip(n);
    }
  }
}
