package dev.hagen.render;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A FreeMarker output format per target language whose auto-escaping turns every interpolated
 * string into a complete literal of that language ({@link Literals}). Templates select theirs with
 * {@code <#ftl output_format="...">}.
 */
public final class LiteralFormat extends CommonMarkupOutputFormat<LiteralFormat.Literal> {
  public static final LiteralFormat RUBY = new LiteralFormat("Ruby", Literals::ruby);
  public static final LiteralFormat YAML = new LiteralFormat("YAML", Literals::yaml);
  public static final LiteralFormat INI = new LiteralFormat("AnsibleINI", Literals::iniHostValue);
  public static final LiteralFormat MARKDOWN =
      new LiteralFormat("MarkdownCode", Literals::markdownCode);
  public static final List<LiteralFormat> ALL = List.of(RUBY, YAML, INI, MARKDOWN);

  private final String name;
  private final UnaryOperator<String> quote;

  private LiteralFormat(String name, UnaryOperator<String> quote) {
    this.name = name;
    this.quote = quote;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getMimeType() {
    return null;
  }

  @Override
  public void output(String textToEsc, Writer out) throws IOException {
    out.write(escapePlainText(textToEsc));
  }

  @Override
  public String escapePlainText(String plainTextContent) {
    return quote.apply(plainTextContent);
  }

  @Override
  public boolean isLegacyBuiltInBypassed(String builtInName) {
    return false;
  }

  @Override
  protected Literal newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
    return new Literal(plainTextContent, markupContent, this);
  }

  /** A value already quoted for {@link #getName()}'s language. */
  public static final class Literal extends CommonTemplateMarkupOutputModel<Literal> {
    private final LiteralFormat format;

    Literal(String plainTextContent, String markupContent, LiteralFormat format) {
      super(plainTextContent, markupContent);
      this.format = format;
    }

    @Override
    public LiteralFormat getOutputFormat() {
      return format;
    }
  }
}
