package fanfetch.model;

/** The closed set of reasons a URL can fail, as named in the report's {@code error.kind}. */
public enum ErrorKind {
  INVALID_URL("invalid_url"),
  BLOCKED("blocked"),
  DNS("dns"),
  CONNECT("connect"),
  TLS("tls"),
  TIMEOUT("timeout"),
  RESET("reset"),
  TOO_LARGE("too_large"),
  TOO_MANY_REDIRECTS("too_many_redirects"),
  PROTOCOL("protocol"),
  CANCELLED("cancelled"),
  /** Not tried: the job's {@code maxHostErrors} connect or timeout failures on its host came first. */
  HOST_ERRORS("host_errors");

  private final String wireName;

  ErrorKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ErrorKind fromWireName(String name) {
    for (ErrorKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown error kind: " + name);
  }
}
