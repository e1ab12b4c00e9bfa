package fanfetch.fetcher;

import fanfetch.model.Results;
import io.vertx.core.json.JsonObject;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A result's {@code tls} object: the session's protocol and cipher, and the peer certificate's names and expiry. */
final class TlsDetails {

  private TlsDetails() {
  }

  /** The details of the session, or null when there is none (plain HTTP). */
  static JsonObject of(SSLSession session) {
    if (session == null) {
      return null;
    }
    JsonObject tls = new JsonObject()
        .put(Results.TLS_VERSION, session.getProtocol())
        .put(Results.TLS_CIPHER, session.getCipherSuite())
        .put(Results.TLS_CERT_SUBJECT, null)
        .put(Results.TLS_CERT_ISSUER, null)
        .put(Results.TLS_CERT_NOT_AFTER, null);
    X509Certificate peer = peerCertificate(session);
    if (peer != null) {
      tls.put(Results.TLS_CERT_SUBJECT, peer.getSubjectX500Principal().getName())
          .put(Results.TLS_CERT_ISSUER, peer.getIssuerX500Principal().getName())
          .put(Results.TLS_CERT_NOT_AFTER, Instant.ofEpochMilli(peer.getNotAfter().getTime()).toString());
    }
    return tls;
  }

  private static X509Certificate peerCertificate(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
