package dev.mailflow.receive;

import dev.mailflow.adapters.mail.RawMail;
import dev.mailflow.adapters.mail.RawMailSource;
import dev.mailflow.domain.probe.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Stored mail in memory, read within a byte limit as S3 is, counting what it hands out. */
final class InMemoryRawMail implements RawMailSource {
  private final int maxBytes;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final List<StoreException> failures = new ArrayList<>();
  private int reads;
  private long bytesRead;

  InMemoryRawMail(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  InMemoryRawMail put(String bucket, String key, byte[] mail) {
    objects.put(bucket + "/" + key, mail.clone());
    return this;
  }

  /** The next reads fail with these, in order. */
  synchronized InMemoryRawMail failNext(StoreException... next) {
    failures.addAll(List.of(next));
    return this;
  }

  synchronized int reads() {
    return reads;
  }

  synchronized long bytesRead() {
    return bytesRead;
  }

  @Override
  public synchronized RawMail read(String bucket, String key, OptionalLong knownSize) {
    reads++;
    if (!failures.isEmpty()) {
      throw failures.remove(0);
    }
    byte[] mail = objects.get(bucket + "/" + key);
    if (mail == null) {
      return new RawMail.Missing("no object s3://" + bucket + "/" + key);
    }
    long size = knownSize.orElse(mail.length);
    if (size > maxBytes) {
      return new RawMail.Oversized(size, maxBytes);
    }
    bytesRead += mail.length;
    return new RawMail.Found(mail.clone());
  }
}
