package io.fnjobs.orders.mail;

/**
 * Sends mail to customers. A mail is sent with the Message-ID it is given, so that a mail sent again
 * after a crash (between the mail server accepting it and the job recording that) is the same mail
 * to whoever reads it: mail clients and stores that drop a second copy of one Message-ID drop it.
 */
public interface Mailer {

  /** @throws MailDeliveryException when the mail server cannot be reached or refuses the mail */
  void send(OrderMail mail);
}
