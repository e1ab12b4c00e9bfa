package fanfetch.deploy;

import fanfetch.config.EnvOverrides;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The deployment files under {@code deploy/} cannot be run here (no container engine, no
 * Kubernetes), so they are parsed and cross-checked against what the code really uses: the HTTP
 * port of {@code conf/config.json}, the Hazelcast port of {@code conf/cluster.xml}, the health
 * paths of the OpenAPI document, the {@code FANFETCH_*} names of the README's configuration table
 * (plus the cluster variables), and the JVM flags Hazelcast needs on Java 17.
 */
class DeployFilesTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final Path K8S = DEPLOY.resolve("k8s");

  /** What Hazelcast needs on Java 17, wherever the jar is started. */
  private static final List<String> JAVA_FLAGS = List.of(
      "--add-modules java.se",
      "--add-exports java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens java.base/java.lang=ALL-UNNAMED",
      "--add-opens java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens java.management/sun.management=ALL-UNNAMED",
      "--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED");

  /** The clustering interface's variables (not in the README's configuration table yet). */
  private static final Set<String> CLUSTER_VARIABLES = Set.of(
      "FANFETCH_CLUSTER_NAME", "FANFETCH_CLUSTER_MEMBERS", "FANFETCH_CLUSTER_HOST",
      "FANFETCH_CLUSTER_PUBLIC_HOST", "FANFETCH_CLUSTER_PORT", "FANFETCH_EVENTBUS_PORT",
      "FANFETCH_CLUSTER_KUBERNETES", "FANFETCH_CLUSTER_SERVICE_DNS");

  private static final Pattern FANFETCH_NAME = Pattern.compile("FANFETCH_[A-Z0-9_]+");
  private static final String LIVE = "/health/live";
  private static final String READY = "/health/ready";

  private static int httpPort;
  private static int hazelcastPort;
  private static Set<String> openApiPaths;
  private static Containerfile containerfile;

  @BeforeAll
  static void readTheCode() throws Exception {
    httpPort = new JsonObject(read(ROOT.resolve("conf/config.json"))).getJsonObject("http").getInteger("port");
    hazelcastPort = Integer.parseInt(xpath(ROOT.resolve("conf/cluster.xml"), "/hazelcast/network/port").trim());
    openApiPaths = new JsonObject(read(ROOT.resolve("src/main/resources/fanfetch/openapi.json")))
        .getJsonObject("paths").fieldNames();
    containerfile = Containerfile.parse(read(DEPLOY.resolve("Containerfile")));
  }

  // ---------------------------------------------------------------- YAML

  @Test
  void everyYamlFileUnderDeployParsesDocumentByDocument() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files.stream().map(p -> DEPLOY.relativize(p).toString().replace('\\', '/')))
        .contains("compose.yaml", "k8s/deployment.yaml", "k8s/services.yaml", "k8s/rbac.yaml",
            "k8s/configmap.yaml", "k8s/kustomization.yaml");
    for (Path file : files) {
      List<Map<String, Object>> docs = loadAll(file);
      assertThat(docs).as(file + ": documents").isNotEmpty();
      if (file.startsWith(K8S)) {
        for (Map<String, Object> doc : docs) {
          assertThat(doc).as(file + ": a Kubernetes object").containsKeys("apiVersion", "kind");
          if (!"Kustomization".equals(doc.get("kind"))) {
            assertThat(map(doc.get("metadata")).get("name")).as(file + ": metadata.name").isNotNull();
          }
        }
      }
    }
    assertThat(loadAll(K8S.resolve("rbac.yaml"))).extracting(d -> d.get("kind"))
        .containsExactly("ServiceAccount", "Role", "RoleBinding");
    assertThat(loadAll(K8S.resolve("services.yaml"))).hasSize(2);
  }

  @Test
  void theKustomizationListsEveryManifestOfK8s() throws IOException {
    Map<String, Object> kustomization = loadAll(K8S.resolve("kustomization.yaml")).get(0);
    Set<String> listed = new TreeSet<>(strings(kustomization.get("resources")));
    Set<String> present;
    try (Stream<Path> s = Files.list(K8S)) {
      present = s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(listed).isEqualTo(present);
  }

  // ---------------------------------------------------------------- Kubernetes

  @Test
  void theDeploymentRunsThreeClusteredReplicasOnTheCodesPorts() throws IOException {
    Map<String, Object> deployment = one("deployment.yaml", "Deployment");
    Map<String, Object> spec = map(deployment.get("spec"));
    assertThat(spec.get("replicas")).isEqualTo(3);
    Map<String, Object> container = container(deployment);

    assertThat(strings(container.get("args"))).contains("--cluster");
    Map<String, Integer> ports = containerPorts(container);
    assertThat(ports).containsEntry("http", httpPort).containsEntry("hazelcast", hazelcastPort)
        .containsKey("eventbus");

    Map<String, Object> env = env(container);
    assertThat(env.get("FANFETCH_CLUSTER_KUBERNETES")).isEqualTo("true");
    assertThat(env.get("FANFETCH_HTTP_HOST")).isEqualTo("0.0.0.0");
    assertThat(env.get("FANFETCH_EVENTBUS_PORT")).isEqualTo(String.valueOf(ports.get("eventbus")));
    assertThat(env.get("FANFETCH_EVENTBUS_PORT")).isEqualTo(containerfile.env("FANFETCH_EVENTBUS_PORT"));
    if (env.containsKey("FANFETCH_HTTP_PORT")) {
      assertThat(env.get("FANFETCH_HTTP_PORT")).isEqualTo(String.valueOf(httpPort));
    }
    if (env.containsKey("FANFETCH_CLUSTER_PORT")) {
      assertThat(env.get("FANFETCH_CLUSTER_PORT")).isEqualTo(String.valueOf(hazelcastPort));
    }
    for (String name : List.of("FANFETCH_CLUSTER_HOST", "FANFETCH_CLUSTER_PUBLIC_HOST")) {
      assertThat(env.get(name)).as(name + " from the downward API").isEqualTo(Map.of("fieldRef", Map.of("fieldPath", "status.podIP")));
    }
    // Kubernetes refuses non-string env values (value: 5701 must be quoted).
    for (Object entry : list(container.get("env"))) {
      Map<String, Object> e = map(entry);
      if (e.containsKey("value")) {
        assertThat(e.get("value")).as("env " + e.get("name") + " must be a string").isInstanceOf(String.class);
      }
    }
    Map<String, Object> resources = map(container.get("resources"));
    assertThat(resources).containsKeys("requests", "limits");
    assertThat(map(resources.get("limits"))).containsKey("memory");
  }

  @Test
  void theProbesAskTheHealthPathsTheServiceServes() throws IOException {
    assertThat(openApiPaths).as("paths of openapi.json").contains(LIVE, READY);
    Map<String, Object> container = container(one("deployment.yaml", "Deployment"));
    Map<String, Integer> ports = containerPorts(container);

    assertThat(probePath(container, "livenessProbe")).isEqualTo(LIVE);
    assertThat(probePath(container, "readinessProbe")).isEqualTo(READY);
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      if (!container.containsKey(probe)) {
        continue;
      }
      Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
      assertThat(openApiPaths).as(probe + " path").contains((String) get.get("path"));
      Object port = get.get("port");
      assertThat(port instanceof String name ? ports.get(name) : port).as(probe + " port").isEqualTo(httpPort);
    }
  }

  @Test
  void theServicesDiscoverHazelcastHeadlessAndServeHttp() throws IOException {
    Map<String, Object> deployment = one("deployment.yaml", "Deployment");
    Map<String, Object> podLabels = map(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels"));
    Map<String, Integer> ports = containerPorts(container(deployment));
    List<Map<String, Object>> services = kind(loadAll(K8S.resolve("services.yaml")), "Service");

    Map<String, Object> headless = services.stream()
        .filter(s -> "None".equals(map(s.get("spec")).get("clusterIP"))).findFirst()
        .orElseThrow(() -> new AssertionError("no headless Service (clusterIP: None)"));
    Map<String, Object> hs = map(headless.get("spec"));
    assertThat(podLabels).as("headless selector").containsAllEntriesOf(map(hs.get("selector")));
    assertThat(hs.get("publishNotReadyAddresses")).as("pods join before they are ready").isEqualTo(true);
    assertThat(list(hs.get("ports"))).anySatisfy(p -> {
      assertThat(map(p).get("port")).isEqualTo(hazelcastPort);
      assertThat(resolvePort(map(p).get("targetPort"), ports)).isEqualTo(hazelcastPort);
    });
    String headlessName = (String) map(headless.get("metadata")).get("name");
    assertThat((String) env(container(deployment)).get("FANFETCH_CLUSTER_SERVICE_DNS"))
        .as("the DNS name of the headless Service").startsWith(headlessName + ".");

    Map<String, Object> http = services.stream().filter(s -> s != headless).findFirst().orElseThrow();
    Map<String, Object> spec = map(http.get("spec"));
    assertThat(podLabels).as("HTTP selector").containsAllEntriesOf(map(spec.get("selector")));
    assertThat(list(spec.get("ports"))).anySatisfy(p -> {
      assertThat(map(p).get("port")).isEqualTo(httpPort);
      assertThat(resolvePort(map(p).get("targetPort"), ports)).isEqualTo(httpPort);
    });
  }

  @Test
  void theRoleGrantsWhatHazelcastsKubernetesDiscoveryReads() throws IOException {
    List<Map<String, Object>> docs = loadAll(K8S.resolve("rbac.yaml"));
    Map<String, Object> account = kind(docs, "ServiceAccount").get(0);
    Map<String, Object> role = kind(docs, "Role").get(0);
    Map<String, Object> binding = kind(docs, "RoleBinding").get(0);
    String accountName = (String) map(account.get("metadata")).get("name");

    for (String resource : List.of("endpoints", "pods", "services")) {
      assertThat(grants(role, "", resource)).as("core " + resource).contains("get", "list");
    }
    assertThat(grants(role, "discovery.k8s.io", "endpointslices")).contains("get", "list");

    Map<String, Object> ref = map(binding.get("roleRef"));
    assertThat(ref.get("kind")).isEqualTo("Role");
    assertThat(ref.get("name")).isEqualTo(map(role.get("metadata")).get("name"));
    assertThat(list(binding.get("subjects"))).anySatisfy(s -> {
      assertThat(map(s).get("kind")).isEqualTo("ServiceAccount");
      assertThat(map(s).get("name")).isEqualTo(accountName);
    });
    Map<String, Object> podSpec = map(map(map(one("deployment.yaml", "Deployment").get("spec")).get("template")).get("spec"));
    assertThat(podSpec.get("serviceAccountName")).isEqualTo(accountName);
  }

  @Test
  void theConfigMapHoldsAConfigTheServiceReadsAndTheDeploymentMountsIt() throws IOException {
    Map<String, Object> configMap = one("configmap.yaml", "ConfigMap");
    JsonObject shipped = new JsonObject(read(ROOT.resolve("conf/config.json")));
    JsonObject config = new JsonObject((String) map(configMap.get("data")).get("config.json"));
    assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(httpPort);
    assertThat(unknownKeys("", config, shipped)).as("keys conf/config.json does not have").isEmpty();

    Map<String, Object> deployment = one("deployment.yaml", "Deployment");
    Map<String, Object> container = container(deployment);
    List<String> args = strings(container.get("args"));
    int conf = args.indexOf("--conf");
    assertThat(conf).as("--conf in the args").isNotNegative();
    String confPath = args.get(conf + 1);
    String volume = null;
    for (Object m : list(container.get("volumeMounts"))) {
      String mountPath = (String) map(m).get("mountPath");
      if (confPath.equals(mountPath + "/config.json")) {
        volume = (String) map(m).get("name");
      }
    }
    assertThat(volume).as("a volume mounted where --conf points").isNotNull();
    Map<String, Object> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    String mounted = volume;
    assertThat(list(podSpec.get("volumes"))).anySatisfy(v -> {
      assertThat(map(v).get("name")).isEqualTo(mounted);
      assertThat(map(map(v).get("configMap")).get("name")).isEqualTo(map(configMap.get("metadata")).get("name"));
    });
  }

  // ---------------------------------------------------------------- container image, compose

  @Test
  void theImageIsTemurin17RunsAsNonRootAndExposesTheCodesPorts() {
    assertThat(containerfile.first("FROM")).isEqualTo("eclipse-temurin:17-jre");
    String user = containerfile.last("USER").split(":")[0];
    assertThat(user).as("USER: numeric, so runAsNonRoot can check it").matches("[0-9]+").isNotEqualTo("0");
    assertThat(containerfile.all("COPY")).anyMatch(c -> c.startsWith("target/fanfetch.jar "))
        .anyMatch(c -> c.startsWith("conf/ ") || c.startsWith("conf "));
    Set<String> exposed = containerfile.all("EXPOSE").stream()
        .flatMap(e -> Stream.of(e.split("\\s+"))).map(p -> p.replace("/tcp", "")).collect(Collectors.toSet());
    assertThat(exposed).contains(String.valueOf(httpPort), String.valueOf(hazelcastPort),
        containerfile.env("FANFETCH_EVENTBUS_PORT"));
    assertThat(containerfile.env("FANFETCH_HTTP_HOST")).isEqualTo("0.0.0.0");
    assertThat(containerfile.env("FANFETCH_HTTP_PORT")).isIn(null, String.valueOf(httpPort));
    String healthcheck = containerfile.first("HEALTHCHECK");
    assertThat(healthcheck).contains(LIVE);
    assertThat(openApiPaths).contains(LIVE);

    List<String> entrypoint = new JsonArray(containerfile.first("ENTRYPOINT")).stream().map(String::valueOf).toList();
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(String.join(" ", entrypoint)).contains(JAVA_FLAGS).contains("-jar /opt/fanfetch/fanfetch.jar");
    assertThat(entrypoint.indexOf("-jar")).isGreaterThan(entrypoint.indexOf("--add-modules"));
  }

  @Test
  void composeRunsThreeClusteredNodesOnASharedNetwork() throws IOException {
    Map<String, Object> compose = loadAll(DEPLOY.resolve("compose.yaml")).get(0);
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services).hasSize(3);
    Set<Integer> published = new TreeSet<>();
    Set<String> networks = new TreeSet<>();
    for (Map.Entry<String, Object> entry : services.entrySet()) {
      String name = entry.getKey();
      Map<String, Object> service = map(entry.getValue());
      Map<String, Object> env = composeEnv(service);

      assertThat(strings(service.get("command"))).as(name + " command").contains("--cluster");
      assertThat(env.get("FANFETCH_HTTP_HOST")).as(name).isEqualTo("0.0.0.0");
      assertThat(Set.of(String.valueOf(env.get("FANFETCH_CLUSTER_MEMBERS")).split("\\s*,\\s*")))
          .as(name + " members: the three service names").isEqualTo(services.keySet());
      assertThat(env).as(name + ": FANFETCH_GUARD_ALLOW present, empty").containsKey("FANFETCH_GUARD_ALLOW");
      assertThat(String.valueOf(env.get("FANFETCH_GUARD_ALLOW") == null ? "" : env.get("FANFETCH_GUARD_ALLOW"))).isBlank();
      assertThat(String.valueOf(env.get("FANFETCH_EVENTBUS_PORT"))).isEqualTo(containerfile.env("FANFETCH_EVENTBUS_PORT"));
      if (env.containsKey("FANFETCH_CLUSTER_PORT")) {
        assertThat(String.valueOf(env.get("FANFETCH_CLUSTER_PORT"))).isEqualTo(String.valueOf(hazelcastPort));
      }
      if (env.containsKey("FANFETCH_HTTP_PORT")) {
        assertThat(String.valueOf(env.get("FANFETCH_HTTP_PORT"))).isEqualTo(String.valueOf(httpPort));
      }
      assertThat(service.get("env_file")).as(name + " env_file (API keys)").isNotNull();

      for (String port : strings(service.get("ports"))) {
        String[] parts = port.split(":");
        assertThat(Integer.parseInt(parts[parts.length - 1])).as(name + " container port").isEqualTo(httpPort);
        published.add(Integer.parseInt(parts[parts.length - 2]));
      }
      Map<String, Object> nets = map(service.get("networks"));
      networks.addAll(nets.keySet());
      // The address it binds the cluster to is its own address on the network.
      Object ip = map(nets.values().iterator().next()).get("ipv4_address");
      if (env.containsKey("FANFETCH_CLUSTER_HOST")) {
        assertThat(env.get("FANFETCH_CLUSTER_HOST")).as(name + " cluster host").isEqualTo(ip);
      }
      Map<String, Object> build = map(service.get("build"));
      Path context = DEPLOY.resolve((String) build.get("context")).normalize();
      assertThat(context.resolve((String) build.get("dockerfile"))).as(name + " dockerfile").isEqualTo(DEPLOY.resolve("Containerfile"));
    }
    assertThat(published).containsExactly(httpPort, httpPort + 1, httpPort + 2);
    assertThat(networks).as("one network shared by the three").hasSize(1);
    assertThat(map(compose.get("networks"))).containsKeys(networks.toArray(String[]::new));
    assertThat(DEPLOY.resolve("compose.env.example")).exists();
  }

  // ---------------------------------------------------------------- drain and data

  /** What a node needs after SIGTERM beyond the grace for fetches in flight: handing jobs over, leaving. */
  private static final long CLOSE_SECONDS = 10;

  private static long seconds(String duration) {
    Matcher m = Pattern.compile("(\\d+)\\s*(s|m)?").matcher(duration.trim());
    assertThat(m.matches()).as("a duration in seconds or minutes: " + duration).isTrue();
    return Long.parseLong(m.group(1)) * ("m".equals(m.group(2)) ? 60 : 1);
  }

  @Test
  void everyStopTimeoutCoversTheDrain() throws IOException {
    long defaultGraceMs = new JsonObject(read(ROOT.resolve("conf/config.json"))).getJsonObject("shutdown")
        .getLong("graceMs");
    String envGrace = envFileValues(read(DEPLOY.resolve("fanfetch.env"))).get("FANFETCH_SHUTDOWN_GRACE_MS");
    long unitGrace = (envGrace == null ? defaultGraceMs : Long.parseLong(envGrace)) / 1000;
    for (String unit : List.of("fanfetch.service", "fanfetch-cluster.service")) {
      String stop = read(DEPLOY.resolve(unit)).lines().filter(l -> l.startsWith("TimeoutStopSec=")).findFirst()
          .orElseThrow(() -> new AssertionError(unit + " has no TimeoutStopSec"));
      assertThat(seconds(stop.substring(stop.indexOf('=') + 1))).as(unit).isGreaterThanOrEqualTo(unitGrace + CLOSE_SECONDS);
    }

    Map<String, Object> compose = loadAll(DEPLOY.resolve("compose.yaml")).get(0);
    for (Map.Entry<String, Object> entry : map(compose.get("services")).entrySet()) {
      Map<String, Object> service = map(entry.getValue());
      Object grace = composeEnv(service).get("FANFETCH_SHUTDOWN_GRACE_MS");
      long graceSeconds = (grace != null ? Long.parseLong(String.valueOf(grace))
          : containerfile.env("FANFETCH_SHUTDOWN_GRACE_MS") != null
          ? Long.parseLong(containerfile.env("FANFETCH_SHUTDOWN_GRACE_MS")) : defaultGraceMs) / 1000;
      assertThat(seconds(String.valueOf(service.get("stop_grace_period")))).as(entry.getKey())
          .isGreaterThanOrEqualTo(graceSeconds + CLOSE_SECONDS);
    }

    Map<String, Object> deployment = one("deployment.yaml", "Deployment");
    Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    Map<String, Object> container = container(deployment);
    long podGrace = Long.parseLong(String.valueOf(env(container).get("FANFETCH_SHUTDOWN_GRACE_MS"))) / 1000;
    List<String> preStop = strings(map(map(map(container.get("lifecycle")).get("preStop")).get("exec")).get("command"));
    long preStopSeconds = preStop.size() == 2 && preStop.get(0).equals("sleep") ? Long.parseLong(preStop.get(1)) : 0;
    assertThat(((Number) pod.get("terminationGracePeriodSeconds")).longValue())
        .isGreaterThanOrEqualTo(preStopSeconds + podGrace + CLOSE_SECONDS);
  }

  @Test
  void aSingleNodesDataDirectoryIsWritableWhereverItRuns() throws IOException {
    String dataDir = envFileValues(read(DEPLOY.resolve("fanfetch.env"))).get("FANFETCH_DATA_DIR");
    assertThat(dataDir).isEqualTo("/var/lib/fanfetch");
    // systemd: ProtectSystem=strict leaves only the StateDirectory writable, /var/lib/<name>.
    String unit = read(DEPLOY.resolve("fanfetch.service"));
    assertThat(unit).contains("ProtectSystem=strict").contains("StateDirectory=fanfetch");
    // The image: a volume at the data directory, owned by the user the service runs as.
    assertThat(containerfile.env("FANFETCH_DATA_DIR")).isEqualTo(dataDir);
    assertThat(containerfile.all("VOLUME")).contains(dataDir);
    assertThat(containerfile.all("RUN")).anyMatch(run -> run.contains("chown " + containerfile.last("USER") + " " + dataDir));
    // Kubernetes mounts a volume there, the root filesystem being read-only.
    Map<String, Object> container = container(one("deployment.yaml", "Deployment"));
    assertThat(list(container.get("volumeMounts"))).anySatisfy(m -> assertThat(map(m).get("mountPath")).isEqualTo(dataDir));
    Map<String, Object> compose = loadAll(DEPLOY.resolve("compose.yaml")).get(0);
    for (Object service : map(compose.get("services")).values()) {
      assertThat(list(map(service).get("volumes"))).anySatisfy(v -> assertThat(map(v).get("target")).isEqualTo(dataDir));
    }
  }

  // ---------------------------------------------------------------- across files

  @Test
  void theJavaFlagsHazelcastNeedsArePassedWhereverTheJarStarts() throws IOException {
    assertThat(JAVA_FLAGS).contains("--add-opens java.base/java.lang=ALL-UNNAMED");
    String script = normalize(read(DEPLOY.resolve("local-cluster.sh")));
    assertThat(script).contains(JAVA_FLAGS);

    String javaOpts = envFileValues(read(DEPLOY.resolve("fanfetch.env"))).get("JAVA_OPTS");
    assertThat(javaOpts).as("JAVA_OPTS in fanfetch.env").isNotNull().contains(JAVA_FLAGS);

    for (String unit : List.of("fanfetch.service", "fanfetch-cluster.service")) {
      String text = read(DEPLOY.resolve(unit));
      String execStart = text.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
      assertThat(execStart).as(unit).contains("$JAVA_OPTS").contains("-jar");
      assertThat(text).as(unit).contains("EnvironmentFile=").contains("User=fanfetch").doesNotContain("User=root");
    }
    assertThat(read(DEPLOY.resolve("fanfetch-cluster.service"))).contains(" --cluster");
  }

  /** The launcher's own variables (where the jar and its archive are), not the service's configuration. */
  private static final Set<String> LAUNCHER_VARIABLES = Set.of("FANFETCH_JAR", "FANFETCH_CDS_ARCHIVE");

  @Test
  void everyFanfetchVariableInDeployIsOneTheServiceKnows() throws IOException {
    Set<String> readme = readmeTableNames();
    assertThat(readme).as("FANFETCH_* names of the README's tables")
        .contains("FANFETCH_HTTP_HOST", "FANFETCH_HTTP_PORT", "FANFETCH_API_KEYS", "FANFETCH_GUARD_ALLOW");
    Set<String> known = new TreeSet<>(readme);
    known.addAll(CLUSTER_VARIABLES);
    known.addAll(LAUNCHER_VARIABLES);
    assertThat(read(DEPLOY.resolve("README.md"))).as("the launcher's variables, documented")
        .contains(LAUNCHER_VARIABLES);
    Set<String> code = new TreeSet<>();
    EnvOverrides.names().forEach(n -> code.add((String) n));

    Map<String, Set<String>> unknown = new LinkedHashMap<>();
    Map<String, Set<String>> notInCode = new LinkedHashMap<>();
    for (Path file : deployFiles()) {
      Matcher m = FANFETCH_NAME.matcher(read(file));
      while (m.find()) {
        String name = m.group();
        String where = DEPLOY.relativize(file).toString();
        if (!known.contains(name)) {
          unknown.computeIfAbsent(name, k -> new TreeSet<>()).add(where);
        } else if (!CLUSTER_VARIABLES.contains(name) && !LAUNCHER_VARIABLES.contains(name) && !code.contains(name)) {
          notInCode.computeIfAbsent(name, k -> new TreeSet<>()).add(where);
        }
      }
    }
    assertThat(unknown).as("FANFETCH_* names neither in README.md's tables nor cluster variables").isEmpty();
    assertThat(notInCode).as("README names the code (EnvOverrides) does not read").isEmpty();
  }

  @Test
  void theContainersRunAsNonRoot() throws IOException {
    assertThat(containerfile.all("USER")).isNotEmpty();
    assertThat(containerfile.last("USER")).doesNotStartWith("root").doesNotStartWith("0");
    Map<String, Object> deployment = one("deployment.yaml", "Deployment");
    Map<String, Object> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    Map<String, Object> pod = map(podSpec.get("securityContext"));
    Map<String, Object> ctr = map(container(deployment).get("securityContext"));
    assertThat(pod.get("runAsNonRoot")).isEqualTo(true);
    assertThat(ctr.get("allowPrivilegeEscalation")).isEqualTo(false);
    for (Map<String, Object> context : List.of(pod, ctr)) {
      if (context.containsKey("runAsUser")) {
        assertThat(context.get("runAsUser")).isNotEqualTo(0);
      }
    }
    Map<String, Object> compose = loadAll(DEPLOY.resolve("compose.yaml")).get(0);
    for (Object service : map(compose.get("services")).values()) {
      Object user = map(service).get("user");
      assertThat(user == null ? "image" : String.valueOf(user)).doesNotStartWith("root").isNotEqualTo("0");
    }
  }

  @Test
  void theRunFolderIsGitIgnored() throws IOException {
    assertThat(read(ROOT.resolve(".gitignore")).lines()).contains("deploy/run/");
  }

  // ---------------------------------------------------------------- local-cluster.sh

  @Test
  void localClusterScriptIsValidBash() throws Exception {
    Result r = run(Map.of(), "bash", "-n", DEPLOY.resolve("local-cluster.sh").toString());
    assertThat(r.exit).as("bash -n: " + r.err).isZero();
    String script = read(DEPLOY.resolve("local-cluster.sh"));
    assertThat(script).contains(READY).contains("ulimit -n").contains("8080").contains("fanfetch-local")
        .contains("kill -TERM").contains("kill -KILL").contains("serve --cluster");
  }

  @Test
  void localClusterScriptSaysHowToBuildAMissingJarAndStartsNothing(@TempDir Path tmp) throws Exception {
    Path runDir = tmp.resolve("run");
    Result r = run(Map.of("JAR", tmp.resolve("missing.jar").toString(), "RUN_DIR", runDir.toString()),
        "bash", DEPLOY.resolve("local-cluster.sh").toString(), "2");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).contains("missing.jar").contains("mvn -B -q package -DskipTests");
    assertThat(runDir).doesNotExist();

    Result usage = run(Map.of("RUN_DIR", runDir.toString()), "bash", DEPLOY.resolve("local-cluster.sh").toString());
    assertThat(usage.exit).isEqualTo(2);
    assertThat(usage.err).contains("stop").contains("status");
    Result status = run(Map.of("RUN_DIR", runDir.toString()), "bash", DEPLOY.resolve("local-cluster.sh").toString(), "status");
    assertThat(status.exit).as(status.err).isZero();
    assertThat(status.out).contains("no nodes");
  }

  // ---------------------------------------------------------------- helpers

  private record Result(int exit, String out, String err) {
  }

  private static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    var outText = new java.util.concurrent.CompletableFuture<String>();
    var errText = new java.util.concurrent.CompletableFuture<String>();
    new Thread(() -> outText.complete(drain(out))).start();
    new Thread(() -> errText.complete(drain(err))).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", command));
    }
    return new Result(p.exitValue(), outText.get(10, TimeUnit.SECONDS), errText.get(10, TimeUnit.SECONDS));
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static String normalize(String text) {
    return text.replaceAll("\\\\\\n", " ").replaceAll("\\s+", " ");
  }

  private static String xpath(Path xml, String expression) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    // Our own files, read without fetching anything a document might point at.
    factory.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setExpandEntityReferences(false);
    Document doc = factory.newDocumentBuilder().parse(xml.toFile());
    return XPathFactory.newInstance().newXPath().evaluate(expression, doc);
  }

  /** Every file of deploy/ (the run folder of local-cluster.sh left out). */
  private static List<Path> deployFiles() throws IOException {
    Path run = DEPLOY.resolve("run");
    try (Stream<Path> s = Files.walk(DEPLOY)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.startsWith(run)).sorted().toList();
    }
  }

  private static List<Path> yamlFiles() throws IOException {
    return deployFiles().stream()
        .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
  }

  /** All documents of a YAML file (duplicate keys refused, merge keys resolved, no custom tags). */
  private static List<Map<String, Object>> loadAll(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    List<Map<String, Object>> docs = new ArrayList<>();
    try {
      for (Object doc : yaml.loadAll(read(file))) {
        if (doc != null) {
          assertThat(doc).as(file + ": a document is a mapping").isInstanceOf(Map.class);
          docs.add(map(doc));
        }
      }
    } catch (RuntimeException e) {
      throw new AssertionError(file + " does not parse: " + e.getMessage(), e);
    }
    return docs;
  }

  private static Map<String, Object> one(String file, String kind) throws IOException {
    List<Map<String, Object>> found = kind(loadAll(K8S.resolve(file)), kind);
    assertThat(found).as(file + ": one " + kind).hasSize(1);
    return found.get(0);
  }

  private static List<Map<String, Object>> kind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static Map<String, Object> container(Map<String, Object> deployment) {
    Map<String, Object> podSpec = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    List<Object> containers = list(podSpec.get("containers"));
    assertThat(containers).hasSize(1);
    return map(containers.get(0));
  }

  private static Map<String, Integer> containerPorts(Map<String, Object> container) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Object p : list(container.get("ports"))) {
      ports.put((String) map(p).get("name"), (Integer) map(p).get("containerPort"));
    }
    return ports;
  }

  private static Object resolvePort(Object port, Map<String, Integer> named) {
    return port instanceof String name ? named.get(name) : port;
  }

  /** name → value, or → valueFrom for values from elsewhere. */
  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new LinkedHashMap<>();
    for (Object e : list(container.get("env"))) {
      Map<String, Object> entry = map(e);
      env.put((String) entry.get("name"), entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
    }
    return env;
  }

  private static Map<String, Object> composeEnv(Map<String, Object> service) {
    Object env = service.get("environment");
    if (env instanceof Map) {
      return map(env);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (String item : strings(env)) {
      int eq = item.indexOf('=');
      result.put(eq < 0 ? item : item.substring(0, eq), eq < 0 ? null : item.substring(eq + 1));
    }
    return result;
  }

  private static String probePath(Map<String, Object> container, String probe) {
    assertThat(container).as(probe).containsKey(probe);
    return (String) map(map(container.get(probe)).get("httpGet")).get("path");
  }

  /** The verbs a Role grants on one resource of one API group. */
  private static Set<String> grants(Map<String, Object> role, String group, String resource) {
    Set<String> verbs = new TreeSet<>();
    for (Object r : list(role.get("rules"))) {
      Map<String, Object> rule = map(r);
      List<String> groups = strings(rule.get("apiGroups"));
      List<String> resources = strings(rule.get("resources"));
      if ((groups.contains(group) || groups.contains("*")) && (resources.contains(resource) || resources.contains("*"))) {
        verbs.addAll(strings(rule.get("verbs")));
      }
    }
    return verbs;
  }

  /** Dotted paths of config keys that the shipped config does not have. */
  private static List<String> unknownKeys(String prefix, JsonObject config, JsonObject shipped) {
    List<String> unknown = new ArrayList<>();
    for (String key : config.fieldNames()) {
      if (!shipped.containsKey(key)) {
        unknown.add(prefix + key);
      } else if (config.getValue(key) instanceof JsonObject child && shipped.getValue(key) instanceof JsonObject base) {
        unknown.addAll(unknownKeys(prefix + key + ".", child, base));
      }
    }
    return unknown;
  }

  /** FANFETCH_* names in the rows of the README's tables (the configuration table among them). */
  private static Set<String> readmeTableNames() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (String line : read(ROOT.resolve("README.md")).lines().toList()) {
      if (line.trim().startsWith("|")) {
        Matcher m = FANFETCH_NAME.matcher(line);
        while (m.find()) {
          names.add(m.group());
        }
      }
    }
    return names;
  }

  /** KEY=value lines of a systemd EnvironmentFile (comments skipped, surrounding quotes removed). */
  private static Map<String, String> envFileValues(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.lines().toList()) {
      String l = line.trim();
      int eq = l.indexOf('=');
      if (l.isEmpty() || l.startsWith("#") || eq < 0) {
        continue;
      }
      String value = l.substring(eq + 1).trim();
      if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      values.put(l.substring(0, eq).trim(), value);
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).as("a mapping").isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    assertThat(o).as("a list").isInstanceOf(List.class);
    return (List<Object>) o;
  }

  private static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  /** The instructions of a Dockerfile: continuation lines joined, comments dropped. */
  record Containerfile(List<String[]> instructions) {

    static Containerfile parse(String text) {
      List<String[]> instructions = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.lines().toList()) {
        String trimmed = line.trim();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
          continue;
        }
        current.append(trimmed);
        String instruction = current.toString().trim();
        current.setLength(0);
        if (instruction.isEmpty()) {
          continue;
        }
        String[] parts = instruction.split("\\s+", 2);
        instructions.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1].trim() : ""});
      }
      return new Containerfile(instructions);
    }

    List<String> all(String keyword) {
      return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    String first(String keyword) {
      List<String> all = all(keyword);
      assertThat(all).as("Containerfile " + keyword).isNotEmpty();
      return all.get(0);
    }

    String last(String keyword) {
      List<String> all = all(keyword);
      assertThat(all).as("Containerfile " + keyword).isNotEmpty();
      return all.get(all.size() - 1);
    }

    /** The value an ENV instruction gives a variable (KEY=value form), or null. */
    String env(String name) {
      String value = null;
      Pattern p = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=(\"[^\"]*\"|\\S+)");
      for (String e : all("ENV")) {
        Matcher m = p.matcher(e);
        if (m.find()) {
          value = m.group(1).replaceAll("^\"|\"$", "");
        }
      }
      return value;
    }
  }
}
