package io.fnjobs.triggers.blob;

/**
 * This instance's hold on an object version ran out and another instance took the version over: this
 * one stops working on it, the other carries on.
 */
public final class LostClaimException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public LostClaimException(String receiptKey) {
    super("the receipt " + receiptKey + " was taken over by another instance after this one's hold ran out");
  }
}
