package io.fnjobs.common.storage;

import java.util.List;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;

/**
 * SigV4 for every request of a client whose endpoint and region are fixed, decided once when the client
 * is built. The SDK's S3 provider decides per request by running S3's endpoint rule set (the auth scheme
 * is a property of the endpoint there), which for a store at a fixed address always answers plain SigV4.
 *
 * <p>The S3 option carries what the SDK's provider gives a path-style endpoint: signing name {@code s3},
 * no double URL encoding and no path normalisation (S3 signs keys as they are), the payload unsigned
 * where the connection is encrypted (over plain HTTP the signer signs it all the same), and never an
 * aws-chunked body (see {@link StorageClients}).
 */
public final class FixedSigV4 implements S3AuthSchemeProvider {

  private final List<AuthSchemeOption> options;

  private FixedSigV4(AuthSchemeOption option) {
    this.options = List.of(option);
  }

  /** The provider of an S3 client signing for {@code region}. */
  public static FixedSigV4 s3(String region) {
    return new FixedSigV4(option("s3", region).toBuilder()
        .putSignerProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putSignerProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putSignerProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putSignerProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false)
        .build());
  }

  /** Plain SigV4 for a service's signing name and a region, with the signer's defaults otherwise. */
  public static AuthSchemeOption option(String signingName, String region) {
    return AuthSchemeOption.builder()
        .schemeId(AwsV4AuthScheme.SCHEME_ID)
        .putSignerProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
        .putSignerProperty(AwsV4HttpSigner.REGION_NAME, region)
        .build();
  }

  @Override
  public List<AuthSchemeOption> resolveAuthScheme(S3AuthSchemeParams params) {
    return options;
  }
}
