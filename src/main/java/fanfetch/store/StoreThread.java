package fanfetch.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store's own thread: operations run there one at a time, in the order asked, so no event loop
 * waits for the disk. Operations asked while others run are taken as one group, and the group ends
 * with one {@link Group#end} (a commit): what was asked together is written together. Each
 * operation completes, after its group's end, on the context of whoever asked.
 */
final class StoreThread {

  /** How a group of operations is framed (a transaction), with each operation isolated inside it. */
  interface Group {
    void begin() throws Exception;

    /** Around one operation: a failure undoes that operation alone. */
    <T> T isolated(Callable<T> op) throws Exception;

    void end() throws Exception;
  }

  private record Asked<T>(Callable<T> op, Context caller, Promise<T> result) {
  }

  private final Vertx vertx;
  private final Group group;
  private final ExecutorService thread;
  private final ConcurrentLinkedQueue<Asked<?>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  StoreThread(Vertx vertx, String name, Group group) {
    this.vertx = vertx;
    this.group = group;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  <T> Future<T> run(Callable<T> op) {
    Promise<T> result = Promise.promise();
    queue.add(new Asked<>(op, vertx.getOrCreateContext(), result));
    if (draining.compareAndSet(false, true)) {
      thread.execute(this::drain);
    }
    return result.future();
  }

  private void drain() {
    while (true) {
      List<Asked<?>> batch = new ArrayList<>();
      for (Asked<?> a = queue.poll(); a != null; a = queue.poll()) {
        batch.add(a);
      }
      if (batch.isEmpty()) {
        draining.set(false);
        // Something may have been queued between the last poll and the flag: take it too.
        if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      runGroup(batch);
    }
  }

  private void runGroup(List<Asked<?>> batch) {
    List<Runnable> answers = new ArrayList<>(batch.size());
    Throwable groupFailure = null;
    try {
      group.begin();
      for (Asked<?> asked : batch) {
        answers.add(runOne(asked));
      }
      group.end();
    } catch (Throwable e) {
      groupFailure = e;
    }
    if (groupFailure != null) {
      Throwable failure = groupFailure;
      batch.forEach(a -> a.caller().runOnContext(v -> a.result().tryFail(failure)));
    } else {
      answers.forEach(Runnable::run);
    }
  }

  private <T> Runnable runOne(Asked<T> asked) {
    try {
      T value = group.isolated(asked.op());
      return () -> asked.caller().runOnContext(v -> asked.result().tryComplete(value));
    } catch (Throwable e) {
      return () -> asked.caller().runOnContext(v -> asked.result().tryFail(e));
    }
  }

  /** Runs {@code last} after everything asked before (outside any group), then stops the thread. */
  Future<Void> close(Runnable last) {
    io.vertx.core.Context caller = vertx.getOrCreateContext();
    Promise<Void> closed = Promise.promise();
    thread.execute(() -> {
      try {
        last.run();
        caller.runOnContext(v -> closed.complete());
      } catch (RuntimeException e) {
        caller.runOnContext(v -> closed.fail(e));
      }
    });
    thread.shutdown();
    return closed.future();
  }
}
