package dev.mailflow.domain.sending;

import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Server;
import java.util.List;

/**
 * Hands probe mails to a source server (over SMTP, or through an API such as SES).
 *
 * <p>A failure to submit is an outcome, not an error: the server's refusal, a timeout or a refused
 * connection each come back as a failed {@link Submission} with the reply code and text, so that
 * the probe is recorded as SEND_FAILED.
 */
public interface ProbeSubmitter {

  /**
   * Submits the probes, in order, to one server, reusing one connection for all of them.
   *
   * @return one submission per probe, in the same order
   */
  List<Submission> submit(Server server, List<OutgoingProbe> probes);
}
