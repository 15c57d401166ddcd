package dev.hagen;

import org.approvaltests.reporters.QuietReporter;

/** ApprovalTests settings for this package: approved files live under src/test/resources. */
public class PackageSettings {
  public static String ApprovalBaseDirectory = "../resources/approved";
  public static QuietReporter UseReporter = new QuietReporter();
}
