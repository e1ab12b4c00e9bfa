package fanfetch.guard;

/** The address guard refused every address a host resolved to. */
public final class BlockedAddressException extends RuntimeException {

  public BlockedAddressException(String message) {
    super(message, null, false, false);
  }
}
