/**
 * What a child process needs from this environment when a test starts it with a clean or a
 * changed one: the Deno cache the suite already filled (so nothing is downloaded again), PATH,
 * and the platform's TLS and proxy settings (on networks that inspect TLS, the CA bundle
 * variables are what lets any download succeed at all).
 */

/** Variables naming CA bundles and proxies, passed through when they are set. */
const PLATFORM_VARIABLES = [
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "CURL_CA_BUNDLE",
  "REQUESTS_CA_BUNDLE",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
];

/** The test process's Deno cache: a child with another HOME must keep using it. */
export function denoDir(): string {
  const explicit = Deno.env.get("DENO_DIR");
  if (explicit) return explicit;
  const cacheHome = Deno.env.get("XDG_CACHE_HOME") || `${Deno.env.get("HOME")}/.cache`;
  return `${cacheHome}/deno`;
}

/**
 * The environment a child started with `clearEnv: true` still needs: PATH, DENO_DIR, the CA
 * bundle and proxy variables that are set, and XDG_RUNTIME_DIR when there is one.
 */
export function platformEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
    DENO_DIR: denoDir(),
  };
  for (const name of [...PLATFORM_VARIABLES, "XDG_RUNTIME_DIR"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  return env;
}
