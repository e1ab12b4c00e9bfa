package fanfetch.model;

/**
 * The server-side caps a job may not exceed ({@code limits.*} in the config): what a JobSpec is
 * checked against, and what the defaults are lowered to.
 */
public record JobLimits(int maxUrlsPerJob, int maxConcurrency, int maxPerHost, long maxTimeoutMs,
                        int maxRedirects, long maxBytes, int maxRetries) {
}
