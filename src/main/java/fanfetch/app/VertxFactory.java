package fanfetch.app;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;
import java.util.List;

/** The Vert.x instance of a fanfetch node: Micrometer metrics on, scraped at {@code /metrics}. */
public final class VertxFactory {

  private VertxFactory() {
  }

  public static VertxOptions options() {
    return options(true);
  }

  /** @param withMetrics whether to collect metrics (config {@code metrics.enabled}) */
  public static VertxOptions options(boolean withMetrics) {
    return options(withMetrics, false);
  }

  /**
   * @param withMetrics whether to collect metrics (config {@code metrics.enabled})
   * @param perMessage  whether Vert.x also meters every event-bus message and every HTTP client
   *                    request (config {@code metrics.perMessage}): off by default, because at
   *                    tens of thousands of fetches a second those meters cost a fifth of the
   *                    rate, and fanfetch's own counters and phase histograms already cover fetches
   */
  public static VertxOptions options(boolean withMetrics, boolean perMessage) {
    return options(withMetrics, perMessage, 0);
  }

  /** @param eventLoops the event-loop pool size (0: Vert.x's default) */
  public static VertxOptions options(boolean withMetrics, boolean perMessage, int eventLoops) {
    // Native epoll where the platform has it (Linux, bundled); elsewhere Vert.x falls back to NIO.
    VertxOptions options = metricsOptions(withMetrics, perMessage).setPreferNativeTransport(true);
    return eventLoops > 0 ? options.setEventLoopPoolSize(eventLoops) : options;
  }

  private static VertxOptions metricsOptions(boolean withMetrics, boolean perMessage) {
    if (!withMetrics) {
      return new VertxOptions();
    }
    java.util.Set<String> disabled = perMessage
        ? java.util.Set.of(MetricsDomain.NAMED_POOLS.toCategory())
        : java.util.Set.of(MetricsDomain.NAMED_POOLS.toCategory(), MetricsDomain.EVENT_BUS.toCategory(),
            MetricsDomain.HTTP_CLIENT.toCategory());
    DOUBLE_REGISTRATION.setLevel(java.util.logging.Level.SEVERE);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        // Pool metrics are named per endpoint (host:port) for HTTP client pools: per-host series.
        .setDisabledMetricsCategories(disabled)
        // No label that grows with jobs, hosts or URLs: remote addresses (per host) are not a
        // label, and event-bus addresses that carry a job or fetcher id are folded into one.
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE,
            Label.POOL_NAME, Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE, Label.CLIENT_NAME, Label.NAMESPACE))
        .setLabelMatches(List.of(
            fold("fanfetch\\.jobs\\.[0-9A-Z]{26}\\.progress", "fanfetch.jobs.<id>.progress"),
            fold("fanfetch\\.jobs\\.[0-9A-Z]{26}\\.control", "fanfetch.jobs.<id>.control"),
            fold("fanfetch\\.fetch\\.[0-9a-f-]{36}", "fanfetch.fetch.<fetcher>"),
            fold("fanfetch\\.coordinator\\.[0-9a-f-]{36}\\.results", "fanfetch.coordinator.<id>.results"),
            fold("__vertx\\..*", "__vertx.internal")));
    return new VertxOptions().setMetricsOptions(metrics);
  }

  private static Match fold(String regex, String alias) {
    return new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
        .setType(MatchType.REGEX).setValue(regex).setAlias(alias);
  }

  /**
   * Held here so the level set below sticks (JUL keeps loggers weakly). Vert.x registers its
   * per-address handler gauge once per consumer, and several fetchers consume one address, so
   * Micrometer would warn at every start that the gauge already exists: harmless, so not shown.
   */
  private static final java.util.logging.Logger DOUBLE_REGISTRATION =
      java.util.logging.Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  public static Vertx create() {
    return create(true);
  }

  public static Vertx create(boolean withMetrics) {
    return create(withMetrics, false);
  }

  public static Vertx create(boolean withMetrics, boolean perMessage) {
    return create(withMetrics, perMessage, 0);
  }

  public static Vertx create(boolean withMetrics, boolean perMessage, int eventLoops) {
    return Vertx.builder().with(options(withMetrics, perMessage, eventLoops)).build();
  }
}
