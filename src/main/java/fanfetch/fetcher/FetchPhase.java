package fanfetch.fetcher;

/** Where a fetch is, so a failure or timeout can say what it interrupted. */
enum FetchPhase {
  CONNECT("connect", "resolving and connecting"),
  WAITING("ttfb", "waiting for the response"),
  DOWNLOAD("download", "reading the body");

  private final String wireName;
  private final String description;

  FetchPhase(String wireName, String description) {
    this.wireName = wireName;
    this.description = description;
  }

  String wireName() {
    return wireName;
  }

  String description() {
    return description;
  }
}
