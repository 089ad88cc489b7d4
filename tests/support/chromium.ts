/**
 * Opening a page in headless Chromium the way works on this machine (no sandbox as root, no
 * GPU), with every background service off, every host name unresolvable (a test never uses the
 * network: were the page to ask for anything, it would fail, and the net log would show it),
 * a fresh profile, and a net log of every request the browser started.
 */
import { chromiumPath } from "./needs.ts";

/** One request in Chromium's net log: its URL and whether a page (not the browser) made it. */
export interface LoggedRequest {
  url: string;
  /** Made for a page loaded from a file:// URL (its network isolation key names file://). */
  fromFilePage: boolean;
}

/** What a headless run gives: the page's DOM after its scripts ran, and the requests. */
export interface ChromiumPage {
  dom: string;
  requests: LoggedRequest[];
}

/** Every URL request Chromium started (URL_REQUEST_START_JOB events) in a net log's JSON. */
export function requestsInNetLog(log: {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: Record<string, unknown> }[];
}): LoggedRequest[] {
  const start = log.constants.logEventTypes["URL_REQUEST_START_JOB"];
  return log.events
    .filter((e) => e.type === start && typeof e.params?.url === "string")
    .map((e) => ({
      url: e.params!.url as string,
      fromFilePage: String(e.params!.network_isolation_key ?? "").includes("file://") ||
        e.params!.initiator === "null" || String(e.params!.initiator ?? "").startsWith("file:"),
    }));
}

/** Opens `file` headless, dumps its DOM and reads the net log. */
export async function openInChromium(file: string): Promise<ChromiumPage> {
  const dir = await Deno.makeTempDir({ prefix: "attn-chromium-" });
  try {
    const netLog = `${dir}/net-log.json`;
    const out = await new Deno.Command(chromiumPath, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        `--user-data-dir=${dir}/profile`,
        `--log-net-log=${netLog}`,
        "--dump-dom",
        `file://${file}`,
      ],
      stdout: "piped",
      stderr: "piped",
      env: { HOME: dir },
    }).output();
    if (!out.success) {
      throw new Error(`chromium failed: ${new TextDecoder().decode(out.stderr).slice(-2000)}`);
    }
    const log = JSON.parse(await Deno.readTextFile(netLog));
    return { dom: new TextDecoder().decode(out.stdout), requests: requestsInNetLog(log) };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
