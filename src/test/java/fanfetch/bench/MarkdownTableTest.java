package fanfetch.bench;

import fanfetch.bench.MarkdownTable.Column;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarkdownTableTest {

  @Test
  void columnsArePaddedToOneWidthAndNumbersAlignRight() {
    String table = new MarkdownTable(List.of(Column.left("workload"), Column.right("median")))
        .row(List.of("fanout", "1.08 s"))
        .row(List.of("big-fanout", "12.40 s"))
        .render();

    assertThat(table).isEqualTo(""
        + "| workload   |  median |\n"
        + "| ---------- | ------: |\n"
        + "| fanout     |  1.08 s |\n"
        + "| big-fanout | 12.40 s |\n");
  }

  @Test
  void aNarrowColumnStillHasAValidSeparator() {
    String table = new MarkdownTable(List.of(Column.right("n"))).row(List.of("1")).render();

    assertThat(table).isEqualTo("|   n |\n| --: |\n|   1 |\n");
  }

  @Test
  void aPipeInACellIsEscapedSoTheRowKeepsItsColumns() {
    String table = new MarkdownTable(List.of(Column.left("note"))).row(List.of("a|b")).render();

    assertThat(table).contains("| a\\|b |");
  }

  @Test
  void aRowWithTheWrongNumberOfCellsIsRefused() {
    MarkdownTable table = new MarkdownTable(List.of(Column.left("a"), Column.left("b")));

    assertThatThrownBy(() -> table.row(List.of("only one"))).isInstanceOf(IllegalArgumentException.class);
  }
}
