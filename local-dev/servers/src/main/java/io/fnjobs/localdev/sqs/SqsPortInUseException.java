package io.fnjobs.localdev.sqs;

/** The SQS server cannot listen on its address, because another process holds the port. */
public final class SqsPortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SqsPortInUseException(String host, int port, Throwable cause) {
    super(
        "the SQS server cannot listen on " + host + ":" + port + " (" + cause.getMessage()
            + "): stop what holds the port (an ElasticMQ or LocalStack?) or choose another SQS port "
            + "(--sqs-port; 0 picks a free one)",
        cause);
  }
}
