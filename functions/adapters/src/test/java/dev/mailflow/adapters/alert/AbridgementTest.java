package dev.mailflow.adapters.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.evaluation.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AbridgementTest {

  @Test
  void none_shortensNothing() {
    Notice notice = Notices.rich();

    assertThat(Abridgement.NONE.shortens(notice)).isFalse();
    assertThat(Abridgement.NONE.evidence(notice)).isEqualTo(notice.evidence());
    assertThat(Abridgement.NONE.reason(notice)).isEqualTo(notice.reason());
  }

  @Test
  void shorter_halvesTheEvidence_thenDropsFlushIds_thenShortensTheReason_thenStops() {
    Notice notice = withLongReason(Notices.rich());
    List<Abridgement> steps = new ArrayList<>();

    Optional<Abridgement> next = Optional.of(Abridgement.NONE);
    while (next.isPresent()) {
      steps.add(next.get());
      next = next.get().shorter(notice);
    }

    assertThat(steps)
        .extracting(step -> step.evidence(notice).size())
        .containsExactly(10, 5, 2, 1, 0, 0, 0);
    assertThat(steps.get(5).probeIds(notice.flushes().get(0))).isEmpty();
    assertThat(steps.get(5).reason(notice)).isEqualTo(notice.reason());
    assertThat(steps.get(6).reason(notice)).hasSize(1000).endsWith(" [shortened]");
    assertThat(steps.subList(1, steps.size())).allMatch(step -> step.shortens(notice));
  }

  @Test
  void evidence_keepsTheNewestProbes() {
    Notice notice = Notices.withEvidence(6);

    assertThat(new Abridgement(2, 0, Integer.MAX_VALUE, 1000).evidence(notice))
        .containsExactlyElementsOf(notice.evidence().subList(4, 6));
    assertThat(new Abridgement(2, 0, Integer.MAX_VALUE, 1000).evidenceOmitted(notice)).isEqualTo(4);
  }

  private static Notice withLongReason(Notice notice) {
    return new Notice(
        notice.type(),
        notice.routeId(),
        notice.source(),
        notice.target(),
        notice.incidentId(),
        notice.openedAt(),
        notice.severity(),
        notice.condition(),
        notice.at(),
        notice.headline(),
        "lost (sent 2006-07-28 10:49:00Z, not arrived after 16m); ".repeat(100),
        notice.evidence(),
        notice.flushes(),
        notice.suppressedByMaintenance());
  }

  @Test
  void shorter_ofAFaultWithoutEvidenceOrFlushIds_halvesItsRoutes_keepingTheFirst() {
    Notice fault = Notices.faultAcross(11);
    Abridgement noEvidence = new Abridgement(0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE);

    Abridgement shorter = noEvidence.shorter(fault).orElseThrow();

    assertThat(shorter.routesShown()).isEqualTo(10);
    assertThat(shorter.routes(fault))
        .hasSize(10)
        .first()
        .extracting(r -> r.routeId())
        .isEqualTo("MX000-to-MX001");
    assertThat(shorter.faultRoutes(fault)).hasSize(10);
    assertThat(shorter.routesOmitted(fault)).isEqualTo(10);
    assertThat(shorter.shortens(fault)).isTrue();
    // With every route left out, the reason is what is left to shorten, when it is long.
    assertThat(new Abridgement(0, 0, 0, Integer.MAX_VALUE).shorter(fault)).isEmpty();
    assertThat(new Abridgement(0, 0, 0, Integer.MAX_VALUE).shorter(Notices.faultAcross(40)))
        .hasValueSatisfying(last -> assertThat(last.reasonCharacters()).isEqualTo(1000));
  }

  @Test
  void routesOmitted_ofARoutesOwnNotice_isNone() {
    assertThat(new Abridgement(0, 0, 0, 1000).routesOmitted(Notices.rich())).isZero();
  }
}
