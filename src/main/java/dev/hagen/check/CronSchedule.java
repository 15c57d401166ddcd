package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A five-field cron expression as Debian's cron reads it (minute hour day-of-month month
 * day-of-week; lists, ranges, steps, month and day names), which Ansible's cron module writes as it
 * is. Parsing gives the minutes, hours and days it fires on, or the first problem found.
 */
record CronSchedule(
    BitSet minutes,
    BitSet hours,
    BitSet days,
    BitSet months,
    BitSet weekdays,
    boolean anyDay,
    boolean anyWeekday) {

  /** A field's name (and its plural), its range and the names it takes (months and weekdays). */
  private record Field(String name, String plural, int min, int max, List<String> names) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", "minutes", 0, 59, List.of()),
          new Field("hour", "hours", 0, 23, List.of()),
          new Field("day of month", "days of the month", 1, 31, List.of()),
          new Field(
              "month",
              "months",
              1,
              12,
              List.of(
                  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                  "dec")),
          // 0 and 7 are both Sunday.
          new Field(
              "day of week",
              "days of the week",
              0,
              7,
              List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat")));

  /** The schedule, or what is wrong with it. */
  record Parsed(Optional<CronSchedule> schedule, Optional<String> problem) {}

  static Parsed parse(String text) {
    List<String> parts = Blueprint.Schedule.fields(text);
    if (parts.size() != FIELDS.size()) {
      return problem(
          "`"
              + text
              + "` has "
              + parts.size()
              + " fields; a schedule has five: minute hour day-of-month month day-of-week");
    }
    BitSet[] sets = new BitSet[FIELDS.size()];
    for (int i = 0; i < parts.size(); i++) {
      Field f = FIELDS.get(i);
      BitSet set = new BitSet();
      for (String item : parts.get(i).split(",", -1)) {
        Optional<String> bad = item(f, item.toLowerCase(Locale.ROOT), set);
        if (bad.isPresent()) {
          return problem("the " + f.name() + " field `" + parts.get(i) + "`: " + bad.get());
        }
      }
      sets[i] = set;
    }
    if (sets[4].get(7)) {
      sets[4].set(0);
    }
    return new Parsed(
        Optional.of(
            new CronSchedule(
                sets[0],
                sets[1],
                sets[2],
                sets[3],
                sets[4],
                parts.get(2).equals("*"),
                parts.get(4).equals("*"))),
        Optional.empty());
  }

  private static Parsed problem(String why) {
    return new Parsed(Optional.empty(), Optional.of(why));
  }

  /** One item of a list: {@code *}, {@code N}, {@code N-M}, each with an optional {@code /STEP}. */
  private static Optional<String> item(Field f, String item, BitSet into) {
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      Optional<Integer> s = number(item.substring(slash + 1), List.of());
      if (s.isEmpty() || s.get() < 1) {
        return Optional.of("`" + item + "` has no step of 1 or more after `/`");
      }
      step = s.get();
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = f.min();
      to = f.max();
    } else {
      String[] ends = range.split("-", -1);
      if (ends.length > 2) {
        return Optional.of("`" + item + "` is not a value, a range or `*`");
      }
      Optional<Integer> a = number(ends[0], f.names());
      Optional<Integer> b = ends.length == 2 ? number(ends[1], f.names()) : a;
      if (a.isEmpty() || b.isEmpty()) {
        return Optional.of(
            "`"
                + item
                + "` is not a number"
                + (f.names().isEmpty() ? "" : " or a name (" + f.names().get(0) + ", ...)"));
      }
      from = a.get();
      to = ends.length == 2 || slash < 0 ? b.get() : f.max();
      if (from < f.min() || to > f.max()) {
        return Optional.of(f.plural() + " are " + f.min() + "-" + f.max());
      }
      if (from > to) {
        return Optional.of("the range `" + range + "` runs backwards");
      }
    }
    for (int v = from; v <= to; v += step) {
      into.set(v);
    }
    return Optional.empty();
  }

  private static Optional<Integer> number(String text, List<String> names) {
    int named = names.indexOf(text);
    if (named >= 0) {
      // Months are named from 1, weekdays from 0.
      return Optional.of(names.size() == 12 ? named + 1 : named);
    }
    return text.matches("[0-9]{1,2}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
  }

  /**
   * Whether it fires on this day. As cron does: when both day fields are restricted, either one
   * matching is enough.
   */
  boolean firesOn(LocalDate day) {
    boolean dom = days.get(day.getDayOfMonth());
    boolean dow = weekdays.get(day.getDayOfWeek().getValue() % 7);
    if (!months.get(day.getMonthValue())) {
      return false;
    }
    if (anyDay || anyWeekday) {
      return (anyDay || dom) && (anyWeekday || dow);
    }
    return dom || dow;
  }

  /** Eight years hold every combination of day of month, month and weekday, leap days included. */
  private static final LocalDate FROM = LocalDate.of(2024, 1, 1);

  private static final LocalDate TO = FROM.plusYears(8);

  /** A day both fire at the same minute, if there is one. */
  Optional<LocalDate> sameMinuteAs(CronSchedule other) {
    if (!minutes.intersects(other.minutes) || !hours.intersects(other.hours)) {
      return Optional.empty();
    }
    return FROM.datesUntil(TO).filter(d -> firesOn(d) && other.firesOn(d)).findFirst();
  }

  /** Whether it fires at all (`0 3 30 2 *` never does). */
  boolean everFires() {
    return FROM.datesUntil(TO).anyMatch(this::firesOn);
  }
}
