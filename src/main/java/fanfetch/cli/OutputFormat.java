package fanfetch.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** What {@code fetch} and {@code submit} print on stdout. */
public enum OutputFormat {
  /** A table of URL, status, bytes, total ms and error, with a summary line. */
  TABLE,
  /** The Report, as the API answers it. */
  JSON,
  /** One Result per line. */
  NDJSON,
  /** A header, then one row per result: url,status,bytes,totalMs,errorKind,errorMessage. */
  CSV;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code --output} in any letter case. */
  public static OutputFormat parse(String text) {
    for (OutputFormat format : values()) {
      if (format.wireName().equalsIgnoreCase(text.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException("expected one of table, json, ndjson, csv, got '" + text + "'");
  }

  /** picocli converter for {@code --output}. */
  static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** The names, for {@code ${COMPLETION-CANDIDATES}} in the help. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(OutputFormat::wireName).iterator();
    }
  }
}
