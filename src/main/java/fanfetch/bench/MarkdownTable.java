package fanfetch.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown table whose columns are padded to one width, so that it reads as well in a terminal
 * as once rendered. Numbers go in right-aligned columns.
 */
final class MarkdownTable {

  /** A column: its header and whether its cells are right-aligned. */
  record Column(String header, boolean right) {
    static Column left(String header) {
      return new Column(header, false);
    }

    static Column right(String header) {
      return new Column(header, true);
    }
  }

  private final List<Column> columns;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  MarkdownTable row(List<String> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException("a row needs " + columns.size() + " cells, got " + cells.size());
    }
    rows.add(cells.stream().map(MarkdownTable::escape).toList());
    return this;
  }

  String render() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      // at least 3: the separator of a right-aligned column is "--:"
      widths[c] = Math.max(3, columns.get(c).header().length());
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, columns.stream().map(Column::header).toList(), widths);
    List<String> separators = new ArrayList<>();
    for (int c = 0; c < widths.length; c++) {
      separators.add(columns.get(c).right() ? "-".repeat(widths[c] - 1) + ":" : "-".repeat(widths[c]));
    }
    line(out, separators, widths);
    rows.forEach(row -> line(out, row, widths));
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String padding = " ".repeat(widths[c] - cell.length());
      out.append(' ').append(columns.get(c).right() ? padding + cell : cell + padding).append(" |");
    }
    out.append('\n');
  }

  /** A pipe inside a cell would end it. */
  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
