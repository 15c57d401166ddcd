package dev.hagen.check;

import dev.hagen.blueprint.Blueprint;
import dev.hagen.diagnostic.Diagnostics;

/** One area of rules over a bound blueprint. Reports every problem it finds; never throws. */
interface Check {
  void run(Blueprint blueprint, Diagnostics diagnostics);
}
