package dev.mailflow.adapters.mail;

import java.util.Objects;

/**
 * What {@link RawMailSource} found for a stored inbound mail: its bytes, or why there are none.
 *
 * <p>A missing or oversized object is an ordinary answer, not an exception: the receive function
 * counts each kind and carries on with the other records of its event.
 */
public sealed interface RawMail {

  /**
   * The mail as stored, at most the source's byte limit plus one byte: a mail cut at that point is
   * still refused as oversized by {@link InboundMailParser}.
   */
  record Found(byte[] bytes) implements RawMail {
    public Found {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * The stored mail is larger than the limit and was not downloaded.
   *
   * @param size its size in bytes
   * @param limit the limit it exceeds
   */
  record Oversized(long size, int limit) implements RawMail {}

  /**
   * No object under that name.
   *
   * @param detail one line for a person reading the log: which object, and what the store said
   */
  record Missing(String detail) implements RawMail {
    public Missing {
      detail = detail == null ? "" : detail;
    }
  }
}
