package fanfetch.testing;

import java.util.Arrays;
import java.util.List;

/**
 * The cells of a CSV row by column name, read against the header row: a test checks the columns it
 * cares about, whatever columns are added after them. Plain rows only (no quoted commas).
 */
public final class CsvColumns {

  private final List<String> header;

  public CsvColumns(String headerLine) {
    this.header = Arrays.asList(headerLine.strip().split(",", -1));
  }

  public String cell(String row, String column) {
    int at = header.indexOf(column);
    if (at < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + header);
    }
    String[] cells = row.split(",", -1);
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, the header " + header.size() + ": " + row);
    }
    return cells[at];
  }
}
