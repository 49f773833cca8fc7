package dev.mailflow.adapters.mail;

import java.util.OptionalLong;

/**
 * Where the receive function reads a raw inbound mail that an SES receipt rule stored: an S3 bucket
 * in production ({@code S3RawMailSource}), a map in tests.
 *
 * <p>Implementations never download more than their byte limit plus one byte, so a huge foreign
 * mail costs neither memory nor transfer. A failure of the store itself is a {@link
 * dev.mailflow.domain.probe.StoreException} that says whether trying again may help.
 */
public interface RawMailSource {

  /**
   * Reads one stored mail.
   *
   * @param bucket the bucket (or other container) the mail is in
   * @param key the object key, already URL-decoded
   * @param knownSize the object's size when the caller knows it (an S3 event carries it), so the
   *     source need not ask; empty otherwise
   * @return the mail, or why there is none to read
   * @throws dev.mailflow.domain.probe.StoreException when the store fails
   */
  RawMail read(String bucket, String key, OptionalLong knownSize);
}
