package dev.mailflow.adapters.aws;

import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKeys;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe token signer for the keys in a Secrets Manager secret, following the secret as it is
 * rotated.
 *
 * <p>Each {@link #get()} asks {@link SecretsManagerSecrets} for the keys, which reads the secret
 * again only when its cache period has passed, and builds a new signer only when the keys changed:
 * a signer holds initialised MACs, and rebuilding it per round would throw them away for nothing. A
 * rotated key is therefore in use at most one cache period after the rotation.
 *
 * <p>When the secret cannot be read after a signer was built, the signer in hand is kept and the
 * fault logged: its key was valid a moment ago, and a probe signed with it still verifies while it
 * is the previous key. Only the very first read fails the caller.
 */
public final class SecretSigner implements Supplier<ProbeTokenSigner> {
  private static final Logger LOG = LoggerFactory.getLogger(SecretSigner.class);

  private final SecretsManagerSecrets secrets;
  private final String secretId;
  private SigningKeys keys;
  private ProbeTokenSigner signer;

  /**
   * @param secrets reads and caches the secret
   * @param secretId the name or ARN of the signing secret
   */
  public SecretSigner(SecretsManagerSecrets secrets, String secretId) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.secretId = Objects.requireNonNull(secretId, "secretId");
  }

  /**
   * The signer for the keys in force.
   *
   * @throws IllegalStateException when the secret has never been read, naming it
   */
  @Override
  public synchronized ProbeTokenSigner get() {
    SigningKeys read;
    try {
      read = secrets.signingKeys(secretId);
    } catch (IllegalStateException e) {
      if (signer == null) {
        throw e;
      }
      LOG.error(
          "signing secret {} cannot be read; signing with key {} as before",
          secretId,
          keys.current().id(),
          e);
      return signer;
    }
    if (signer == null || !read.sameAs(keys)) {
      if (signer != null) {
        LOG.info(
            "signing secret {} changed: signing with key {} (was {})",
            secretId,
            read.current().id(),
            keys.current().id());
      }
      signer = new ProbeTokenSigner(read);
      keys = read;
    }
    return signer;
  }
}
