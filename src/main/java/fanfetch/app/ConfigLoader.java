package fanfetch.app;

import fanfetch.config.EnvOverrides;
import fanfetch.config.Settings;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the configuration with vertx-config: the defaults shipped in the jar, then the config file
 * ({@code conf/config.json} unless another is named), then the {@code FANFETCH_*} environment
 * variables. The result is validated through {@link Settings} before anything is deployed.
 */
public final class ConfigLoader {

  public static final String DEFAULT_FILE = "conf/config.json";
  private static final String BUILT_IN = "fanfetch/config.json";

  private ConfigLoader() {
  }

  public static Future<JsonObject> load(Vertx vertx, String file) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(0)
        .addStore(fileStore(BUILT_IN, false))
        .addStore(fileStore(file == null ? DEFAULT_FILE : file, file == null))
        .addStore(new ConfigStoreOptions().setType("env")
            .setConfig(new JsonObject().put("keys", EnvOverrides.names()).put("raw-data", true)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .map(merged -> {
          Map<String, Object> env = new HashMap<>();
          JsonObject config = merged.copy();
          for (Object name : EnvOverrides.names()) {
            Object value = config.remove((String) name);
            if (value != null) {
              env.put((String) name, value);
            }
          }
          JsonObject applied = EnvOverrides.apply(config, env);
          Settings.from(applied);
          return applied;
        })
        .andThen(done -> retriever.close());
  }

  private static ConfigStoreOptions fileStore(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("json").setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }
}
