package dev.mailflow.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MailDateTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Fri, 28 Jul 2006 13:07:47 +0200                              | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 13:07:47 +0200 (CEST)                       | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 13:07:47 +0200 (W. Europe Daylight Time)    | 2006-07-28T11:07:47Z
          28 Jul 2006 11:07:47 -0000                                   | 2006-07-28T11:07:47Z
          Fri,  28  Jul  2006   13:07:47   +0200                       | 2006-07-28T11:07:47Z
          '  Fri, 28 Jul 2006 13:07:47 +0200  '                        | 2006-07-28T11:07:47Z
          'Fri, 28 Jul 2006\t13:07:47\t+0200'                          | 2006-07-28T11:07:47Z
          Fri,28 Jul 2006 13:07:47 +0200                               | 2006-07-28T11:07:47Z
          Fri 28 Jul 2006 13:07:47 +0200                               | 2006-07-28T11:07:47Z
          Friday, 28 July 2006 13:07:47 +0200                          | 2006-07-28T11:07:47Z
          fri, 28 JUL 2006 13:07:47 +0200                              | 2006-07-28T11:07:47Z
          8 Jul 2006 13:07:47 +0200                                    | 2006-07-08T11:07:47Z
          28-Jul-2006 13:07:47 +0200                                   | 2006-07-28T11:07:47Z
          Fri, 28 Jul 06 13:07:47 +0200                                | 2006-07-28T11:07:47Z
          Wed, 28 Jul 99 13:07:47 +0200                                | 1999-07-28T11:07:47Z
          Fri, 28 Jul 106 13:07:47 +0200                               | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 13:07 +0200                                 | 2006-07-28T11:07:00Z
          Fri, 28 Jul 2006 1:07:47 +0200                               | 2006-07-27T23:07:47Z
          Fri, 28 Jul 2006 13:07:47.25 +0200                           | 2006-07-28T11:07:47.250Z
          Fri, 28 Jul 2006 13:07:47 +02:00                             | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 07:07:47 -0430                              | 2006-07-28T11:37:47Z
          Fri, 28 Jul 2006 11:07:47 GMT                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 11:07:47 UT                                 | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 11:07:47 UTC                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 06:07:47 EST                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 07:07:47 EDT                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 05:07:47 CST                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 06:07:47 CDT                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 04:07:47 MST                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 05:07:47 MDT                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 03:07:47 PST                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 04:07:47 pdt                                | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 11:07:47 Z                                  | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 11:07:47 A                                  | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 11:07:47 Y                                  | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 13:07:47 UTC+0200                           | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 13:07:47 GMT+02:00                          | 2006-07-28T11:07:47Z
          Fri, 28 Jul 2006 09:07:47 GMT-2                              | 2006-07-28T11:07:47Z
          Fri Jul 28 12:19:01 UTC+0200 2006                            | 2006-07-28T10:19:01Z
          Fri Jul 28 10:19:01 UTC 2006                                 | 2006-07-28T10:19:01Z
          Jul 28 12:19:01 +0200 2006                                   | 2006-07-28T10:19:01Z
          2006-07-28T11:07:47Z                                         | 2006-07-28T11:07:47Z
          2006-07-28t11:07:47z                                         | 2006-07-28T11:07:47Z
          2006-07-28T13:07:47+02:00                                    | 2006-07-28T11:07:47Z
          2006-07-28T13:07:47.123456+0200                              | 2006-07-28T11:07:47.123456Z
          2006-07-28 11:07:47Z                                         | 2006-07-28T11:07:47Z
          2006-07-28T11:07Z                                            | 2006-07-28T11:07:00Z
          2006-07-28 13:07:47.999999999 +0200 CEST m=+0.000123001      | 2006-07-28T11:07:47.999999999Z
          2006-07-28 13:07:47.1234567891 +0200 CEST                    | 2006-07-28T11:07:47.123456789Z
          2006-07-28 11:07:47 +0000 UTC                                | 2006-07-28T11:07:47Z
          Sat, 31 Dec 2016 23:59:60 +0000                              | 2016-12-31T23:59:59Z
          Thu, 29 Feb 2024 10:00:00 +0000                              | 2024-02-29T10:00:00Z
          Mon, 1 Jan 1900 00:00:00 +0000                               | 1900-01-01T00:00:00Z
          Thu, 1 Jan 1970 01:00:00 +0100                               | 1970-01-01T00:00:00Z
          Fri, 31 Dec 9999 23:59:59 +0000                              | 9999-12-31T23:59:59Z
          """)
  void parse_whenDateIsReadable_returnsTheInstant(String text, String expected) {
    assertThat(MailDate.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "''{0}'' -> unknown")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "(comment only)",
        "yesterday",
        "Fri, 28 Jul 2006",
        "Fri, 28 Jul 2006 13:07:47",
        "Fri, 28 Jul 2006 13:07:47 (CEST)",
        "Fri, 28 Jul 2006 13:07:47 CEST",
        "Fri, 28 Jul 2006 13:07:47 J",
        "Fri, 28 Jul 2006 13:07:47 +020",
        "Fri, 28 Jul 2006 13:07:47 +2500",
        "Fri, 28 Jul 2006 13:07:47 +0260",
        "Fri, 28 Jly 2006 13:07:47 +0200",
        "Fri, 32 Jul 2006 13:07:47 +0200",
        "Fri, 29 Feb 2006 13:07:47 +0200",
        "Fri, 0 Jul 2006 13:07:47 +0200",
        "Fri, 28 Jul 2006 24:07:47 +0200",
        "Fri, 28 Jul 2006 13:60:47 +0200",
        "Fri, 28 Jul 2006 13:07:61 +0200",
        "Fri, 28 Jul 2006 13:7:47 +0200",
        "Fri, 28 Jul 2006 13:07:47. +0200",
        "Fri, 28 Jul 2006 1307 +0200",
        "Fri, 28 Jul 2 13:07:47 +0200",
        "Fri Jul 28 12:19:01 2006",
        "Fri Jul 28 12:19:01 CEST 2006",
        "2006-07-28",
        "2006-07-28T13:07:47",
        "2006-13-28T13:07:47Z",
        "2006-7-28T13:07:47Z",
        "2006-07-28X13:07:47Z",
        "1154085000",
        "\u0000\uffff\u00e9",
      })
  void parse_whenDateIsUnreadable_returnsNull(String text) {
    assertThat(MailDate.parse(text)).isNull();
  }

  @Test
  void parse_readsDatesFromAStringBuilderToo() {
    CharSequence text = new StringBuilder("28 Jul 2006 11:07:47 -0000");

    assertThat(MailDate.parse(text)).isEqualTo(Instant.parse("2006-07-28T11:07:47Z"));
  }

  @Test
  void epochDay_agreesWithJavaTimeAcrossFourCenturies() {
    for (LocalDate date = LocalDate.of(1899, 12, 1);
        date.isBefore(LocalDate.of(2401, 3, 1));
        date = date.plusDays(1)) {
      assertThat(MailDate.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .as("%s", date)
          .isEqualTo(date.toEpochDay());
    }
  }
}
