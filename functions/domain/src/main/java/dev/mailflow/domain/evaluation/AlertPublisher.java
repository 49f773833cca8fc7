package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.configuration.ConfigurationNotice;

/** The channel people and systems subscribe to for alerts. */
public interface AlertPublisher {

  /** Publishes an incident notice. */
  void publish(Notice notice) throws AlertPublishException;

  /** Publishes a problem with the configuration or a maintenance window item. */
  void publish(ConfigurationNotice notice) throws AlertPublishException;

  /** Publishes a notice that is not about an incident: maintenance, the heartbeat. */
  void publish(Bulletin bulletin) throws AlertPublishException;
}
