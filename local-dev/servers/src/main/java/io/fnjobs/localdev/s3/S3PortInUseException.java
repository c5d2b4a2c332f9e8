package io.fnjobs.localdev.s3;

/** The S3 server cannot listen on its address, because another process holds the port. */
public final class S3PortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public S3PortInUseException(String host, int port, Throwable cause) {
    super(
        "the S3 server cannot listen on " + host + ":" + port + " (" + cause.getMessage()
            + "): stop what holds the port (a MinIO?) or choose another S3 port (--s3-port; 0 picks a free one)",
        cause);
  }
}
