package io.fnjobs.orders.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Amounts as the currency writes them: BigDecimal at the currency's number of decimals, never rounded. */
public final class Money {

  private Money() {}

  /**
   * The amount with exactly the currency's decimals (2 for EUR, 0 for JPY, 3 for KWD).
   *
   * @throws ArithmeticException when the amount has more decimals than the currency allows
   */
  public static BigDecimal atScale(BigDecimal amount, Currency currency) {
    return amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
  }

  /** Whether the amount can be written in the currency without rounding. */
  public static boolean fits(BigDecimal amount, Currency currency) {
    return amount.stripTrailingZeros().scale() <= currency.getDefaultFractionDigits();
  }

  /** {@code 25.00 EUR}. */
  public static String format(BigDecimal amount, Currency currency) {
    return atScale(amount, currency).toPlainString() + " " + currency.getCurrencyCode();
  }
}
