package fanfetch.fetcher;

import io.vertx.core.net.TrustOptions;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Server certificates are checked against the JDK's trust store plus any PEM certificates named in
 * {@code fetchers.trustPem} (an internal CA, or a test origin's self-signed certificate). Vert.x's
 * own PEM trust options would replace the JDK store rather than add to it.
 */
final class TrustAnchors {

  private TrustAnchors() {
  }

  /** Trust options for the fetch client, or null to use the JDK's trust store alone. */
  static TrustOptions withExtraPem(List<String> pemPaths) {
    if (pemPaths.isEmpty()) {
      return null;
    }
    try {
      KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
      extra.load(null, null);
      int n = 0;
      for (String path : pemPaths) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
          for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            extra.setCertificateEntry("fanfetch-extra-" + n++, cert);
          }
        }
      }
      X509TrustManager jdk = x509(null);
      X509TrustManager added = x509(extra);
      // Not TrustOptions.wrap(TrustManager): in Vert.x 5.1.6 that goes through a class that logs with
      // SLF4J, an optional dependency fanfetch does not ship, and fails with NoClassDefFoundError.
      return TrustOptions.wrap(new FixedTrustManagerFactory(new EitherTrustManager(added, jdk)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("fetchers.trustPem: cannot load " + pemPaths + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager");
  }

  /** A trust manager factory that hands out one ready-made trust manager. */
  private static final class FixedTrustManagerFactory extends TrustManagerFactory {

    private static final Provider PROVIDER = new Provider("fanfetch-trust", "1.0", "fanfetch extra trust anchors") {
    };

    FixedTrustManagerFactory(TrustManager manager) {
      super(new Spi(manager), PROVIDER, "fanfetch-extra-pem");
    }

    private static final class Spi extends TrustManagerFactorySpi {

      private final TrustManager manager;

      Spi(TrustManager manager) {
        this.manager = manager;
      }

      @Override
      protected void engineInit(KeyStore keyStore) {
        // Ready-made: nothing to initialise.
      }

      @Override
      protected void engineInit(ManagerFactoryParameters parameters) {
        // Ready-made: nothing to initialise.
      }

      @Override
      protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {manager};
      }
    }
  }

  /** Trusts a chain when either delegate does. */
  private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

    /** One of a trust manager's checks. */
    private interface Check {
      void run(X509TrustManager manager) throws CertificateException;
    }

    private void either(Check check) throws CertificateException {
      try {
        check.run(first);
      } catch (CertificateException e) {
        check.run(second);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      either(m -> m.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
      all.addAll(List.of(second.getAcceptedIssuers()));
      return all.toArray(new X509Certificate[0]);
    }
  }
}
