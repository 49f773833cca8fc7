package dev.mailflow.adapters.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.AffectedRoute;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.NoticeWording;
import dev.mailflow.domain.evaluation.Severity;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A notice as a custom notification of AWS's chat integration for SNS (AWS Chatbot, now Amazon Q
 * Developer in chat applications), which posts it to a Slack channel or a Microsoft Teams channel.
 *
 * <p>The format is the service's documented event schema: {@code version} "1.0", {@code source}
 * "custom", an {@code id}, a {@code content} with a markdown {@code title}, a {@code description},
 * {@code nextSteps} and {@code keywords}, and {@code metadata} with a {@code threadId} (the
 * incident id, so an incident's OPENED, REMINDERs and RESOLVED form one thread in the channel), a
 * {@code summary}, an {@code eventType} and {@code additionalContext} (the notice key and what
 * subscribers filter on). The description is kept under {@value #DESCRIPTION_LIMIT} characters,
 * which chat clients show whole; the e-mail text and the JSON keep everything.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatMessage {

  /** Chat clients cut long messages; the rest of a notice is in its e-mail and JSON forms. */
  static final int DESCRIPTION_LIMIT = 3000;

  /** Evidence probes listed in the description, newest last. */
  private static final int PROBES_IN_CHAT = 5;

  private static final JsonFactory JSON = new JsonFactory();

  private ChatMessage() {}

  /** The notice as one custom notification. */
  public static String write(Notice notice, Abridgement abridgement) {
    Objects.requireNonNull(notice, "notice");
    StringBuilder description = new StringBuilder();
    description.append(NoticeWording.firstSentence(notice)).append("\n\n");
    description.append(abridgement.reason(notice));
    if (notice.aboutFault()) {
      description.append("\n\n*Routes*");
      for (AffectedRoute route : abridgement.routes(notice)) {
        description
            .append("\n• `")
            .append(route.routeId())
            .append("` ")
            .append(route.condition())
            .append(route.summary().isEmpty() ? "" : ": " + route.summary());
      }
      int omitted = abridgement.routesOmitted(notice);
      if (omitted > 0) {
        description.append("\n• and ").append(omitted).append(" more, left out to fit");
      }
    }
    List<AssessedProbe> evidence = abridgement.evidence(notice);
    if (!evidence.isEmpty()) {
      description.append("\n\n*Evidence* (").append(evidence.size()).append(" probes");
      int shown = Math.min(PROBES_IN_CHAT, evidence.size());
      if (shown < evidence.size()) {
        description.append(", the newest ").append(shown).append(" below");
      }
      description.append(')');
      for (AssessedProbe probe : evidence.subList(evidence.size() - shown, evidence.size())) {
        description
            .append("\n• ")
            .append(ReadableTime.instant(probe.probe().sentAt()))
            .append(' ')
            .append(probe.verdict())
            .append(probe.latency() == null ? "" : " in " + ReadableTime.duration(probe.latency()))
            .append(" `")
            .append(probe.probe().probeId())
            .append('`');
      }
    }
    for (BacklogFlush flush : notice.flushes()) {
      description.append("\n\nBacklog flush: ").append(flush.describe());
    }

    Map<String, String> context = new LinkedHashMap<>();
    context.put("noticeKey", notice.key());
    context.put("incidentId", notice.incidentId());
    context.put("type", notice.type().name());
    context.put("severity", notice.severity().name());
    context.put("condition", String.valueOf(notice.condition()));
    if (notice.aboutFault()) {
      context.put("suspect", notice.fault().suspect().name());
      context.put("routes", String.join(",", abridgement.faultRoutes(notice)));
    } else {
      context.put("route", notice.routeId());
    }
    return document(
        notice.key(),
        emoji(notice.type(), notice.severity()) + " " + notice.headline(),
        description.toString(),
        NoticeWording.whatToDo(notice, evidence),
        keywords(notice),
        notice.incidentId(),
        notice.headline(),
        notice.type().name(),
        context);
  }

  /** A configuration notice as one custom notification. */
  public static String write(ConfigurationNotice notice) {
    Objects.requireNonNull(notice, "notice");
    Map<String, String> context = new LinkedHashMap<>();
    context.put("noticeKey", NoticeJson.key(notice));
    context.put("about", notice.about().name());
    String headline = NoticeWording.headline(notice);
    return document(
        NoticeJson.key(notice),
        ":gear: " + headline,
        NoticeWording.firstSentence(notice) + "\n\n" + notice.reason(),
        List.of(NoticeWording.whatToDo(notice)),
        List.of(NoticeJson.CONFIGURATION_TYPE, notice.about().name()),
        NoticeJson.key(notice),
        headline,
        NoticeJson.CONFIGURATION_TYPE,
        context);
  }

  /** A maintenance notice or heartbeat as one custom notification. */
  public static String write(Bulletin bulletin) {
    Objects.requireNonNull(bulletin, "bulletin");
    Map<String, String> context = new LinkedHashMap<>();
    context.put("noticeKey", bulletin.key());
    context.put("type", bulletin.type().name());
    context.put("event", bulletin.event());
    context.putAll(bulletin.facts());
    List<String> keywords = new ArrayList<>();
    keywords.add(bulletin.type().name());
    keywords.add(bulletin.event());
    keywords.addAll(bulletin.servers());
    String window = bulletin.facts().get("windowId");
    return document(
        bulletin.key(),
        (bulletin.type() == Bulletin.Type.HEARTBEAT ? ":green_heart: " : ":wrench: ")
            + bulletin.headline(),
        bulletin.text(),
        List.of(),
        keywords,
        window == null ? bulletin.key() : "maintenance/" + window,
        bulletin.headline(),
        bulletin.type().name(),
        context);
  }

  private static String document(
      String id,
      String title,
      String description,
      List<String> nextSteps,
      List<String> keywords,
      String threadId,
      String summary,
      String eventType,
      Map<String, String> context) {
    StringWriter out = new StringWriter(description.length() + 1024);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("version", "1.0");
      json.writeStringField("source", "custom");
      json.writeStringField("id", id);
      json.writeObjectFieldStart("content");
      json.writeStringField("textType", "client-markdown");
      json.writeStringField("title", title);
      json.writeStringField("description", bounded(description));
      json.writeArrayFieldStart("nextSteps");
      for (String step : nextSteps) {
        json.writeString(step);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("keywords");
      for (String keyword : keywords) {
        json.writeString(keyword);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeObjectFieldStart("metadata");
      json.writeStringField("threadId", threadId);
      json.writeStringField("summary", summary);
      json.writeStringField("eventType", eventType);
      json.writeArrayFieldStart("relatedResources");
      json.writeEndArray();
      json.writeObjectFieldStart("additionalContext");
      for (Map.Entry<String, String> entry : context.entrySet()) {
        json.writeStringField(entry.getKey(), entry.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write chat message " + id, e);
    }
    return out.toString();
  }

  private static String bounded(String description) {
    if (description.length() <= DESCRIPTION_LIMIT) {
      return description;
    }
    String more = "\u2026 (the rest is in the e-mail and JSON forms of this notice)";
    return description.substring(0, DESCRIPTION_LIMIT - more.length()) + more;
  }

  /** What the channel shows as tags: severity, type and the servers and routes it is about. */
  private static List<String> keywords(Notice notice) {
    Set<String> keywords = new LinkedHashSet<>();
    keywords.add(notice.severity().name());
    keywords.add(notice.type().name());
    if (notice.aboutFault()) {
      keywords.add(notice.fault().suspect().name());
    } else {
      keywords.add(notice.routeId());
      keywords.add(notice.source());
      keywords.add(notice.target());
    }
    keywords.remove(null);
    return new ArrayList<>(keywords);
  }

  private static String emoji(NoticeType type, Severity severity) {
    switch (type) {
      case RESOLVED:
        return ":white_check_mark:";
      case REMINDER:
        return ":bell:";
      case OPENED:
      default:
        return severity == Severity.CRITICAL ? ":rotating_light:" : ":warning:";
    }
  }
}
