package fanfetch.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/**
 * The live progress bar on stderr (me.tongfei:progressbar), fed from a {@link ResultTracker}; or
 * nothing, when stderr is not a terminal.
 */
public final class Progress implements AutoCloseable {

  private final ProgressBar bar;
  private final WriterConsumer consumer;
  private final ResultTracker tracker;
  private boolean closed;

  private Progress(ProgressBar bar, WriterConsumer consumer, ResultTracker tracker) {
    this.bar = bar;
    this.consumer = consumer;
    this.tracker = tracker;
  }

  /** Whether to draw a bar: on a terminal ({@code System.console() != null}), unless turned off. */
  public static boolean wanted(boolean noProgress) {
    return !noProgress && System.console() != null;
  }

  /** Draws nothing. */
  public static Progress none(ResultTracker tracker) {
    return new Progress(null, null, tracker);
  }

  /**
   * A bar written to {@code err}.
   *
   * @param width the bar's line width, or -1 for the terminal's width
   */
  public static Progress bar(String task, ResultTracker tracker, PrintWriter err, int width) {
    WriterConsumer consumer = new WriterConsumer(err, width);
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(tracker.expected())
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(100)
        .continuousUpdate()
        .setConsumer(consumer)
        .build();
    return new Progress(bar, consumer, tracker);
  }

  /** Shows the tracker's counts now. */
  public synchronized void update() {
    if (bar == null || closed) {
      return;
    }
    bar.maxHint(tracker.expected());
    bar.stepTo(tracker.done());
    bar.setExtraMessage(tracker.ok() + " ok, " + tracker.failed() + " failed");
  }

  /** Draws the final state and ends the bar's line (before the table is printed). */
  @Override
  public synchronized void close() {
    if (bar == null || closed) {
      return;
    }
    update();
    closed = true;
    bar.close();
    // The library skips closing its consumer when the bar closes before its first scheduled
    // refresh: the line is ended here then.
    consumer.close();
  }

  /** Like the library's console consumer, but onto the command's error writer. */
  private static final class WriterConsumer extends ConsoleProgressBarConsumer {
    private final PrintWriter err;
    private boolean ended;

    WriterConsumer(PrintWriter err, int width) {
      super(System.err, width);
      this.err = err;
    }

    @Override
    public synchronized void accept(String rendered) {
      if (ended) {
        return;
      }
      int max = getMaxRenderedLength();
      // Back to the line's start, then the bar, kept within the terminal's width.
      String line = max > 0 && rendered.length() > max ? rendered.substring(0, max) : rendered;
      err.print('\r' + line);
      err.flush();
    }

    @Override
    public synchronized void close() {
      if (!ended) {
        ended = true;
        err.println();
        err.flush();
      }
    }
  }
}
