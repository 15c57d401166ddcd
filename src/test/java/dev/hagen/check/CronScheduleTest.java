package dev.hagen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cron's five fields as Debian's cron reads them, and when two schedules meet. */
class CronScheduleTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 3 * * 0",
        "0 3 * * 1-6",
        "*/15 * * * *",
        "30 1 1,15 * *",
        "0 0-23/6 * jan-jun mon-fri",
        "5 4 * * 7",
        "  0   3 * * sun ",
        "59 23 31 12 *"
      })
  void readsWhatCronReads(String expression) {
    CronSchedule.Parsed p = CronSchedule.parse(expression);
    assertEquals(Optional.empty(), p.problem(), expression);
    assertTrue(p.schedule().orElseThrow().everFires(), expression);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 3 * *|has 4 fields",
        "''|has 0 fields",
        "0 3 * * * *|has 6 fields",
        "60 3 * * *|minutes are 0-59",
        "0 24 * * *|hours are 0-23",
        "0 3 0 * *|days of the month are 1-31",
        "0 3 * 13 *|months are 1-12",
        "0 3 * * 8|days of the week are 0-7",
        "0 3 * * 5-1|runs backwards",
        "*/0 3 * * *|no step of 1 or more",
        "0 3 * * funday|is not a number or a name",
        "@daily 3 * * *|is not a number",
        "1-2-3 * * * *|is not a value, a range or `*`"
      })
  void refusesWhatCronWouldNot(String expression, String problem) {
    String found = CronSchedule.parse(expression).problem().orElseThrow();
    assertTrue(found.contains(problem), found);
  }

  @Test
  void aDayThatDoesNotExistNeverFires() {
    assertFalse(CronSchedule.parse("0 3 30 2 *").schedule().orElseThrow().everFires());
    // Leap days exist once in four years: the eight years looked at hold two.
    assertTrue(CronSchedule.parse("0 3 29 2 *").schedule().orElseThrow().everFires());
  }

  /** Both day fields restricted: cron fires when either matches. */
  @Test
  void dayOfMonthOrDayOfWeek() {
    CronSchedule s = CronSchedule.parse("0 3 1 * mon").schedule().orElseThrow();
    assertTrue(s.firesOn(LocalDate.of(2026, 12, 1))); // a Tuesday, the 1st
    assertTrue(s.firesOn(LocalDate.of(2026, 12, 7))); // a Monday
    assertFalse(s.firesOn(LocalDate.of(2026, 12, 8)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 3 * * 0|0 3 * * 1-6|false",
        "0 3 * * 0|0 3 * * *|true",
        "0 3 * * 0|30 3 * * *|false",
        "0 3 1 * *|0 3 * * 1|true",
        "0 1 * * *|0 3 * * *|false",
        "*/10 * * * *|5 * * * *|false",
        "*/10 * * * *|20 4 * * *|true"
      })
  void twoSchedulesMeetWhenTheyShareAMinuteOfADay(String a, String b, boolean meet) {
    CronSchedule first = CronSchedule.parse(a).schedule().orElseThrow();
    CronSchedule second = CronSchedule.parse(b).schedule().orElseThrow();
    assertEquals(meet, first.sameMinuteAs(second).isPresent(), a + " / " + b);
  }
}
