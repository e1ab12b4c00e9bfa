package fanfetch.fetcher;

import io.vertx.core.net.TrustOptions;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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
      return TrustOptions.wrap(new EitherTrustManager(added, jdk));
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

  /** Trusts a chain when either delegate does. */
  private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkClientTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkClientTrusted(chain, authType);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      try {
        first.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        second.checkServerTrusted(chain, authType);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
      all.addAll(List.of(second.getAcceptedIssuers()));
      return all.toArray(new X509Certificate[0]);
    }
  }
}
