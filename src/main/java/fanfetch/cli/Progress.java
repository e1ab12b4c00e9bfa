package fanfetch.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/**
 * The live progress bar on stderr (me.tongfei:progressbar), fed from a {@link ResultTracker}; or
 * nothing. Its line always ends cleanly: each drawing covers all of the one before, closing ends
 * the line, and so does an interrupt (Ctrl-C), with the counts reached and "interrupted".
 */
public final class Progress implements AutoCloseable {

  private final ProgressBar bar;
  private final WriterConsumer consumer;
  private final ResultTracker tracker;
  private final Thread onInterrupt;
  private boolean closed;

  private Progress(ProgressBar bar, WriterConsumer consumer, ResultTracker tracker) {
    this.bar = bar;
    this.consumer = consumer;
    this.tracker = tracker;
    this.onInterrupt = bar == null ? null : new Thread(this::interrupted, "progress-interrupted");
    if (onInterrupt != null) {
      Runtime.getRuntime().addShutdownHook(onInterrupt);
    }
  }

  /** A bar when {@code draw}, else nothing. */
  public static Progress of(boolean draw, String task, ResultTracker tracker, PrintWriter err) {
    return draw ? bar(task, tracker, err, -1) : none(tracker);
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
    WriterConsumer consumer = new WriterConsumer(task, err, width);
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
    try {
      Runtime.getRuntime().removeShutdownHook(onInterrupt);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down: the hook runs and finds the bar closed
    }
  }

  /** At an interrupt: the counts reached, said to be interrupted, and the line ended (once, whoever asks first). */
  synchronized void interrupted() {
    if (closed || bar == null) {
      return;
    }
    closed = true;
    consumer.end("interrupted at " + tracker.done() + "/" + tracker.expected() + ": "
        + tracker.ok() + " ok, " + tracker.failed() + " failed");
  }

  /** Like the library's console consumer, but onto the command's error writer. */
  private static final class WriterConsumer extends ConsoleProgressBarConsumer {
    private final String task;
    private final PrintWriter err;
    private String last = "";
    private boolean ended;

    WriterConsumer(String task, PrintWriter err, int width) {
      super(System.err, width);
      this.task = task;
      this.err = err;
    }

    @Override
    public synchronized void accept(String rendered) {
      if (ended) {
        return;
      }
      int max = getMaxRenderedLength();
      String line = max > 0 && rendered.length() > max ? rendered.substring(0, max) : rendered;
      draw(line);
    }

    /** Back to the line's start, then the bar, with spaces over what a longer drawing left. */
    private void draw(String line) {
      int leftOver = last.length() - line.length();
      err.print('\r' + line + (leftOver > 0 ? " ".repeat(leftOver) : ""));
      err.flush();
      last = line;
    }

    /** The task and a note in place of the bar (which fills the width), then the end of the line. */
    synchronized void end(String note) {
      if (ended) {
        return;
      }
      ended = true;
      draw(task + " " + note);
      err.println();
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
