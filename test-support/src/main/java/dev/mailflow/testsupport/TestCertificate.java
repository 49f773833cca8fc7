package dev.mailflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS certificate and its key, made for one test run, for the SMTP servers that tests
 * start in their own JVM.
 *
 * <p>It is made with the JDK's {@code keytool} into a PKCS12 file under {@code target/}, valid for
 * a week, so that no key or expiring certificate is kept in the repository. Servers present it
 * ({@link #serverContext()}, or GreenMail through {@link #file()} and {@link #PASSWORD}); clients
 * trust it through {@link #trustedBy(TestCertificate...)}. The names it is made for are its subject
 * alternative names, so a client that checks the server's identity accepts it for exactly those
 * names.
 *
 * <pre>{@code
 * TestCertificate localhost = TestCertificate.forNames("localhost", "127.0.0.1");
 * SSLSocketFactory trusting = TestCertificate.trustedBy(localhost);
 * }</pre>
 */
public final class TestCertificate {

  /** The password of the key store and of the key in it. */
  public static final String PASSWORD = "mailflow-test";

  /** The alias of the key in the key store. */
  public static final String ALIAS = "server";

  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final Path file;
  private final KeyStore keyStore;

  private TestCertificate(Path file, KeyStore keyStore) {
    this.file = file;
    this.keyStore = keyStore;
  }

  /**
   * Makes a key and a certificate for {@code names}: host names become DNS names, IP address
   * literals become IP addresses of the certificate.
   *
   * @throws IllegalStateException when keytool fails, with its output
   */
  public static TestCertificate forNames(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    List<String> alternatives = new ArrayList<>();
    for (String name : names) {
      alternatives.add((name.matches("[0-9.]+|.*:.*") ? "ip:" : "dns:") + name);
    }
    Path file;
    try {
      Path directory =
          Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "tls"));
      file = Files.createTempFile(directory, names[0].replaceAll("[^A-Za-z0-9.-]", "_"), ".p12");
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a place for a test certificate", e);
    }
    runKeytool(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=" + names[0] + ", O=Mailflow tests",
            "-ext",
            "SAN=" + String.join(",", alternatives),
            "-validity",
            "7",
            "-storetype",
            "PKCS12",
            "-keystore",
            file.toString(),
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD));
    return new TestCertificate(file, load(file));
  }

  /** The PKCS12 key store file, for servers configured by file (GreenMail). */
  public Path file() {
    return file;
  }

  /** The certificate alone. */
  public Certificate certificate() {
    try {
      return keyStore.getCertificate(ALIAS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the test key store has no certificate", e);
    }
  }

  /** A TLS context for a server that presents this certificate. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a server TLS context", e);
    }
  }

  /**
   * Writes the certificate and its key as PEM files, for servers outside the JVM (Postfix, OpenSSL)
   * that read PEM rather than PKCS12. The key file is readable by its owner only.
   *
   * @param certificateFile where the certificate goes ({@code -----BEGIN CERTIFICATE-----})
   * @param keyFile where the unencrypted PKCS#8 key goes ({@code -----BEGIN PRIVATE KEY-----})
   */
  public void writePem(Path certificateFile, Path keyFile) {
    try {
      Key key = keyStore.getKey(ALIAS, PASSWORD.toCharArray());
      Files.writeString(certificateFile, pem("CERTIFICATE", certificate().getEncoded()));
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the test certificate as PEM", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not read the test key", e);
    }
  }

  /**
   * A client socket factory that trusts these certificates and nothing else: what a production
   * client trusting the JDK's authorities does for a real server, here for test servers.
   */
  public static SSLSocketFactory trustedBy(TestCertificate... certificates) {
    return trustingContext(certificates).getSocketFactory();
  }

  /**
   * A client TLS context that trusts these certificates and nothing else, for code that takes its
   * TLS from {@link SSLContext#getDefault()}: a test sets it with {@link SSLContext#setDefault} and
   * puts the previous default back afterwards.
   */
  public static SSLContext trustingContext(TestCertificate... certificates) {
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      for (int i = 0; i < certificates.length; i++) {
        trusted.setCertificateEntry("test-" + i, certificates[i].certificate());
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build a trusting TLS context", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void runKeytool(List<String> command) {
    try {
      Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (InputStream in = keytool.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!keytool.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        keytool.destroyForcibly();
        throw new IllegalStateException("keytool did not finish within a minute");
      }
      if (keytool.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool failed with exit code " + keytool.exitValue() + ": " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run keytool from the JDK", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making a test certificate", e);
    }
  }

  private static KeyStore load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not read the test key store " + file, e);
    }
  }
}
