package dev.hagen.render;

import freemarker.core.TemplateClassResolver;
import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The FreeMarker set-up for plain-text outputs, made once: nothing in it depends on the JVM's
 * locale or time zone, numbers print as {@code 16969} (never {@code 16,969}), errors throw, and
 * interpolation is {@code [=...]} so Ruby's {@code #{...}} and the shell's {@code ${...}} in
 * templates are plain text.
 */
final class Templates {
  private static final Configuration CONFIGURATION = configuration();

  private Templates() {}

  static Template get(String name) {
    try {
      return CONFIGURATION.getTemplate(name);
    } catch (IOException e) {
      // FreeMarker keeps a failed parse and reports it again, the first time as itself.
      Throwable parse = e instanceof freemarker.core.ParseException ? e : e.getCause();
      throw new UncheckedIOException(
          parse instanceof freemarker.core.ParseException
              ? "template " + name + " does not parse: " + parse.getMessage()
              : "template " + name + " is missing from the hagen jar",
          e);
    }
  }

  private static Configuration configuration() {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(Templates.class, "/dev/hagen/templates");
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
    cfg.setNumberFormat("computer");
    cfg.setBooleanFormat("c");
    cfg.setLocalizedLookup(false);
    cfg.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setAttemptExceptionReporter((e, env) -> {});
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    // Records' accessors read as properties: plan.lab, host.name.
    DefaultObjectWrapperBuilder wrapper =
        new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
    wrapper.setRecordZeroArgumentNonVoidMethodPolicy(
        ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD);
    wrapper.setDefaultZeroArgumentNonVoidMethodPolicy(
        ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD);
    cfg.setObjectWrapper(wrapper.build());
    cfg.setRegisteredCustomOutputFormats(LiteralFormat.ALL);
    cfg.setSharedVariable(
        "iniVar",
        (TemplateMethodModelEx)
            args -> {
              if (args.size() != 1 || !(args.get(0) instanceof TemplateScalarModel s)) {
                throw new TemplateModelException("iniVar(text) takes one string");
              }
              return LiteralFormat.INI.fromMarkup(Literals.iniVarsValue(s.getAsString()));
            });
    // A shell word inside a fenced code block; markup, not escaped again by the Markdown format.
    cfg.setSharedVariable(
        "shell",
        (TemplateMethodModelEx)
            args ->
                LiteralFormat.MARKDOWN.fromMarkup(
                    Literals.shellWord(((TemplateScalarModel) args.get(0)).getAsString())));
    // Comment text broken into lines: wrap(text, width).
    cfg.setSharedVariable(
        "wrap",
        (TemplateMethodModelEx)
            args ->
                Literals.wrap(
                    ((TemplateScalarModel) args.get(0)).getAsString(),
                    ((freemarker.template.TemplateNumberModel) args.get(1))
                        .getAsNumber()
                        .intValue()));
    // Text for a Mermaid label; markup, not escaped again by the Markdown format.
    cfg.setSharedVariable(
        "mermaid",
        (TemplateMethodModelEx)
            args ->
                LiteralFormat.MARKDOWN.fromMarkup(
                    Literals.mermaid(((TemplateScalarModel) args.get(0)).getAsString())));
    // An autobase_vars entry, values keeping their YAML types; already YAML, so not escaped again.
    cfg.setSharedVariable(
        "yamlEntry",
        (TemplateMethodModelEx)
            args -> {
              if (args.size() != 2 && args.size() != 3) {
                throw new TemplateModelException(
                    "yamlEntry(name, value[, indent]) takes two or three arguments");
              }
              int indent =
                  args.size() == 3
                      ? ((freemarker.template.TemplateNumberModel) args.get(2))
                          .getAsNumber()
                          .intValue()
                      : 0;
              return LiteralFormat.YAML.fromMarkup(
                  Literals.yamlEntry(
                      ((TemplateScalarModel) args.get(0)).getAsString(),
                      freemarker.template.utility.DeepUnwrap.unwrap(
                          (freemarker.template.TemplateModel) args.get(1)),
                      indent));
            });
    return cfg;
  }
}
