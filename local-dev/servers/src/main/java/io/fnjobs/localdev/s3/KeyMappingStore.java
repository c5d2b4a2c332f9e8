package io.fnjobs.localdev.s3;

import java.io.InputStream;
import java.util.List;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAclResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Keeps every object under its {@link StoredKeys stored name}, so that the filesystem store below takes
 * any key S3 takes, and refuses keys S3 refuses: over 1024 bytes, with {@code KeyTooLongError}. Above
 * this store every key is the real one (locks, change events); below it, the stored name.
 *
 * <p>A {@link ForwardingBlobStore} for the same reason as {@link KeySerialisingStore}. Object versions
 * ({@code ListObjectVersions}) are passed through unmapped: the embedded store does not version objects.
 */
final class KeyMappingStore extends ForwardingBlobStore {

  private static final String KEY_TOO_LONG = "Your key is too long.";

  private final KeyListing listing = new KeyListing(super::list);

  KeyMappingStore(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    return listing.list(request);
  }

  @Override
  public boolean blobExists(String bucket, String key) {
    return super.blobExists(bucket, StoredKeys.stored(key));
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    refuseTooLong(request.key());
    return super.putBlob(request.toBuilder().key(StoredKeys.stored(request.key())).build(), payload);
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    refuseTooLong(request.destinationKey());
    return super.copyBlob(request.toBuilder()
        .sourceKey(StoredKeys.stored(request.sourceKey()))
        .destinationKey(StoredKeys.stored(request.destinationKey()))
        .build());
  }

  @Override
  public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
    return super.blobMetadata(request.toBuilder().key(StoredKeys.stored(request.key())).build());
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
    return super.getBlob(request.toBuilder().key(StoredKeys.stored(request.key())).build());
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    return super.removeBlob(request.toBuilder().key(StoredKeys.stored(request.key())).build());
  }

  @Override
  public ObjectCannedACL getBlobAccess(String bucket, String key) {
    return super.getBlobAccess(bucket, StoredKeys.stored(key));
  }

  @Override
  public ObjectCannedACL getBlobAccess(String bucket, String key, String versionId) {
    return super.getBlobAccess(bucket, StoredKeys.stored(key), versionId);
  }

  @Override
  public GetObjectAclResponse getBlobAcl(GetObjectAclRequest request) {
    return super.getBlobAcl(request.toBuilder().key(StoredKeys.stored(request.key())).build());
  }

  @Override
  public void setBlobAccess(String bucket, String key, ObjectCannedACL access) {
    super.setBlobAccess(bucket, StoredKeys.stored(key), access);
  }

  @Override
  public void setBlobAccess(String bucket, String key, ObjectCannedACL access, String versionId) {
    super.setBlobAccess(bucket, StoredKeys.stored(key), access, versionId);
  }

  @Override
  public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
    refuseTooLong(request.key());
    MultipartUpload stored =
        super.initiateMultipartUpload(request.toBuilder().key(StoredKeys.stored(request.key())).build());
    return withKey(stored, request.key());
  }

  @Override
  public void abortMultipartUpload(MultipartUpload upload) {
    super.abortMultipartUpload(stored(upload));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response = super.completeMultipartUpload(
        stored(upload), request.toBuilder().key(StoredKeys.stored(request.key())).build());
    return response.key() == null ? response : response.toBuilder().key(StoredKeys.real(response.key())).build();
  }

  @Override
  public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream payload) {
    return super.uploadMultipartPart(
        stored(upload), request.toBuilder().key(StoredKeys.stored(request.key())).build(), payload);
  }

  @Override
  public List<Part> listMultipartUpload(MultipartUpload upload) {
    return super.listMultipartUpload(stored(upload));
  }

  @Override
  public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String bucket) {
    return super.listMultipartUploads(bucket).stream()
        .map(upload -> upload.toBuilder().key(StoredKeys.real(upload.key())).build())
        .toList();
  }

  private static MultipartUpload stored(MultipartUpload upload) {
    return withKey(upload, StoredKeys.stored(upload.blobName()));
  }

  private static MultipartUpload withKey(MultipartUpload upload, String key) {
    return new MultipartUpload(
        upload.id(),
        upload.request().toBuilder().key(key).build(),
        upload.response() == null ? null : upload.response().toBuilder().key(key).build());
  }

  /** What S3 answers a write of a key over 1024 bytes. */
  private static void refuseTooLong(String key) {
    if (key != null && StoredKeys.isTooLong(key)) {
      throw (S3Exception) S3Exception.builder()
          .statusCode(400)
          .message(KEY_TOO_LONG)
          .awsErrorDetails(AwsErrorDetails.builder()
              .errorCode("KeyTooLongError")
              .errorMessage(KEY_TOO_LONG)
              .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build())
              .build())
          .build();
    }
  }
}
