package dev.mailflow.adapters.mail;

/**
 * The bounds within which {@link InboundMailParser} reads a mail; past any of them it refuses the
 * mail before doing the expensive part of the work.
 *
 * <p>The receive function reads whatever lands in the inbound mailbox, including mail built to hurt
 * parsers. A probe mail has about 20 header lines and a few KiB, so the defaults leave two orders
 * of magnitude of room for real mail systems while keeping the worst case small.
 *
 * @param maxBytes the size of the raw mail, checked before anything else
 * @param maxHeaderLines physical lines in the header section (or fields, in the SES list form)
 * @param maxHeaderLineLength characters in one physical header line (or one value, in list form)
 * @param maxReceivedHeaders Received fields; mail loops show up as hundreds of them
 */
public record MailLimits(
    int maxBytes, int maxHeaderLines, int maxHeaderLineLength, int maxReceivedHeaders) {

  private static final MailLimits DEFAULTS = new MailLimits(256 * 1024, 1000, 16 * 1024, 100);

  public MailLimits {
    requirePositive("maxBytes", maxBytes);
    requirePositive("maxHeaderLines", maxHeaderLines);
    requirePositive("maxHeaderLineLength", maxHeaderLineLength);
    requirePositive("maxReceivedHeaders", maxReceivedHeaders);
  }

  /** 256 KiB, 1000 header lines, 16 KiB per line, 100 Received headers. */
  public static MailLimits defaults() {
    return DEFAULTS;
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("mail limit " + name + " must be positive, not " + value);
    }
  }
}
