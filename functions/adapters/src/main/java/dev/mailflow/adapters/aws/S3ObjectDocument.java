package dev.mailflow.adapters.aws;

import dev.mailflow.adapters.config.RefusedDocumentException;
import dev.mailflow.adapters.config.S3ObjectAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads a document (the monitor configuration) from an S3 object: for a document larger than an SSM
 * parameter holds (8 KB), such as the routes of a few hundred servers.
 *
 * <p>Each read after the first is a conditional {@code GetObject} on the object's ETag: while the
 * object is unchanged, S3 answers 304 with no body and the text read before is returned, so a warm
 * function downloads the document only when it changed. A document over {@link #MAX_BYTES} is
 * refused unread, and one that is not UTF-8 text is refused, each with a {@link
 * RefusedDocumentException} saying so: {@code ConfigurationSource} keeps the last good
 * configuration in force and reports that version of the document as refused, as it does an invalid
 * one.
 *
 * <p>Used through {@code ConfigurationSource}, which decides how often to call it. Thread-safe.
 */
public final class S3ObjectDocument implements Supplier<String> {

  /**
   * The largest object read: a configuration document has at most 1,000,000 characters (the reader
   * refuses more), each at most 4 bytes in UTF-8. A larger object is refused unread.
   */
  public static final long MAX_BYTES = 4_000_000;

  private static final int NOT_MODIFIED = 304;
  private static final int FORBIDDEN = 403;
  private static final int NOT_FOUND = 404;

  private final S3Client s3;
  private final S3ObjectAddress object;
  private final long maxBytes;

  private String lastETag;
  private String lastText;

  /** Reads {@code object} with {@code s3}, refusing a document over {@link #MAX_BYTES}. */
  public S3ObjectDocument(S3Client s3, S3ObjectAddress object) {
    this(s3, object, MAX_BYTES);
  }

  S3ObjectDocument(S3Client s3, S3ObjectAddress object, long maxBytes) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.object = Objects.requireNonNull(object, "object");
    this.maxBytes = maxBytes;
  }

  /**
   * The document's text.
   *
   * @throws IllegalStateException naming the object, when it cannot be read (no such object, access
   *     denied, S3 unreachable)
   * @throws RefusedDocumentException naming the object, when it is too large or not UTF-8 text
   */
  @Override
  public synchronized String get() {
    String etag = lastETag;
    try (ResponseInputStream<GetObjectResponse> body =
        s3.getObject(
            request -> request.bucket(object.bucket()).key(object.key()).ifNoneMatch(etag))) {
      GetObjectResponse response = body.response();
      Long length = response.contentLength();
      if (length != null && length > maxBytes) {
        body.abort();
        throw new RefusedDocumentException(
            "S3 object "
                + object
                + " is "
                + length
                + " bytes, more than the "
                + maxBytes
                + " a configuration document may have",
            version(response));
      }
      String text = utf8(readAtMost(body, response), response);
      lastETag = response.eTag();
      lastText = text;
      return text;
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_MODIFIED && lastText != null) {
        return lastText;
      }
      throw new IllegalStateException("S3 object " + object + " cannot be read: " + reason(e), e);
    } catch (SdkException e) {
      throw new IllegalStateException(
          "S3 object " + object + " cannot be read: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException(
          "S3 object " + object + " could not be downloaded: " + e.getMessage(), e);
    }
  }

  private byte[] readAtMost(InputStream body, GetObjectResponse response) throws IOException {
    // The length S3 announced was checked; this guards against a body longer than announced.
    byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    if (bytes.length > maxBytes) {
      throw new RefusedDocumentException(
          "S3 object "
              + object
              + " is more than the "
              + maxBytes
              + " bytes a configuration document may have",
          version(response));
    }
    return bytes;
  }

  /** The object's ETag, which changes with its content: a refusal is told once per version. */
  private static String version(GetObjectResponse response) {
    return String.valueOf(response.eTag());
  }

  private String utf8(byte[] bytes, GetObjectResponse response) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RefusedDocumentException(
          "S3 object " + object + " is not UTF-8 text", version(response));
    }
  }

  private static String reason(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if (e.statusCode() == NOT_FOUND) {
      return "there is no such "
          + ("NoSuchBucket".equals(code) ? "bucket" : "object")
          + " ("
          + e.statusCode()
          + ")";
    }
    if (e.statusCode() == FORBIDDEN) {
      // Without s3:ListBucket, which the functions are not granted, S3 answers a missing object
      // with 403 too.
      return "access denied (403): the object is missing, or the role may not read it";
    }
    return e.getMessage();
  }
}
