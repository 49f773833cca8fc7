package dev.mailflow.domain.fakes;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.AlertPublishException;
import dev.mailflow.domain.evaluation.AlertPublisher;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Notice;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what it publishes; can be told to fail the next few publishes. */
public final class RecordingAlertPublisher implements AlertPublisher {
  private final List<Notice> notices = new CopyOnWriteArrayList<>();
  private final List<ConfigurationNotice> configurationNotices = new CopyOnWriteArrayList<>();
  private final List<Bulletin> bulletins = new CopyOnWriteArrayList<>();
  private volatile int failuresLeft;

  public void failNext(int count) {
    failuresLeft = count;
  }

  public List<Notice> notices() {
    return notices;
  }

  public List<ConfigurationNotice> configurationNotices() {
    return configurationNotices;
  }

  public List<Bulletin> bulletins() {
    return bulletins;
  }

  @Override
  public void publish(Bulletin bulletin) throws AlertPublishException {
    failIfAsked();
    bulletins.add(bulletin);
  }

  @Override
  public void publish(Notice notice) throws AlertPublishException {
    failIfAsked();
    notices.add(notice);
  }

  @Override
  public void publish(ConfigurationNotice notice) throws AlertPublishException {
    failIfAsked();
    configurationNotices.add(notice);
  }

  private synchronized void failIfAsked() throws AlertPublishException {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new AlertPublishException("topic unavailable (test)", null);
    }
  }
}
