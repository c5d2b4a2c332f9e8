package io.fnjobs.localdev.sqs;

/** The SQS server started but did not create its queues in time; it has been stopped again. */
public final class SqsStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SqsStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
