package dev.mailflow.adapters.aws;

import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.domain.sending.ProbeSubmitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A source server that accepts every probe, for send rounds whose store is under test; it keeps the
 * tokens it was handed, in order, so a test can count the probes sent and receive them.
 */
final class AcceptingSubmitter implements ProbeSubmitter {
  final List<ProbeToken> tokens = Collections.synchronizedList(new ArrayList<>());

  @Override
  public List<Submission> submit(Server server, List<OutgoingProbe> probes) {
    List<Submission> answers = new ArrayList<>();
    for (OutgoingProbe probe : probes) {
      tokens.add(probe.token());
      answers.add(Submission.accepted(probe.token().sentAt(), 250, "2.0.0 Ok: queued as Q1"));
    }
    return answers;
  }
}
