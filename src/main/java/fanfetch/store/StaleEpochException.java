package fanfetch.store;

/** A coordinator wrote under an epoch the job has moved past: another node took it over. */
public final class StaleEpochException extends RuntimeException {

  public StaleEpochException(String id, long epoch) {
    super("job " + id + " is no longer held under epoch " + epoch, null, false, false);
  }
}
