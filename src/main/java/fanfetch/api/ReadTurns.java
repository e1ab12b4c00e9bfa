package fanfetch.api;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Turns at reading the job store, shared by the streams of one API verticle (one event loop, so no
 * locking). A stream catching up holds a turn from asking for a page of stored results until it
 * has encoded that page: however many streams catch up at once (hundreds, all at a job's end),
 * only {@code turns} pages are in memory or being read, and the rest wait at no cost.
 */
final class ReadTurns {

  private final int turns;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int taken;

  ReadTurns(int turns) {
    if (turns < 1) {
      throw new IllegalArgumentException("turns must be at least 1, got " + turns);
    }
    this.turns = turns;
  }

  /** Runs {@code read} now if a turn is free, else when one is given back. */
  void take(Runnable read) {
    if (taken < turns) {
      taken++;
      read.run();
    } else {
      waiting.add(read);
    }
  }

  /** Gives a turn back: the next waiting read (if any) runs with it. */
  void giveBack() {
    Runnable next = waiting.poll();
    if (next != null) {
      next.run();
    } else if (taken > 0) {
      taken--;
    }
  }

  int taken() {
    return taken;
  }

  int waiting() {
    return waiting.size();
  }
}
