/**
 * Adapter and device acquisition for Deno's WebGPU.
 *
 * On a machine without a GPU the adapter is Mesa llvmpipe (via Vulkan
 * lavapipe). The Vulkan loader prints "XDG_RUNTIME_DIR is invalid" noise
 * unless that variable names a private directory, so we point it at one
 * before the first requestAdapter.
 *
 * DENO_WEBGPU_BACKEND is Deno's own switch (vulkan, gl, ...), read once, when
 * the first requestAdapter creates the wgpu instance. On Linux we set it to
 * "vulkan" when the user left it unset: with every backend enabled wgpu also
 * probes OpenGL through libglvnd's libEGL, and libEGL's exit-time destructor
 * races the TLS destructor of the thread that called it. Under `deno test`
 * that thread (the test worker, not the main thread) is still exiting when
 * the main thread calls exit(), and the process aborted with "double free or
 * corruption (fasttop)" after all tests passed (core dumps: main thread in
 * exit -> _dl_fini -> libEGL.so.1, test-worker thread in
 * __nptl_deallocate_tsd -> free). Vulkan-only never loads libEGL. A value the
 * user set is respected and quoted in errors.
 */

import { stateDirCandidate, usableStateDir } from "../../platform/state_dir.ts";
import { BilingualError } from "../../platform/i18n/bilingual_error.ts";
import { type Bilingual, type Lang, messagesOf } from "../../platform/i18n/messages.ts";
import { backendMessages } from "../backend/backend_messages.ts";

const say = messagesOf(backendMessages);

/** What the runtime needs from device acquisition. */
export interface AcquiredDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  adapterName: string;
  features: string[];
  hasTimestamps: boolean;
}

function envGet(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: nothing to read
  }
}

/** A private (0700, ours) directory, as the Vulkan loader and Wayland expect. */
function isPrivateDir(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    if (!info.isDirectory) return false;
    if (info.mode !== null && (info.mode & 0o077) !== 0) return false;
    return info.uid === null || currentUid() === null || info.uid === currentUid();
  } catch {
    return false;
  }
}

/** This process's uid, or null when --allow-sys does not grant asking. */
function currentUid(): number | null {
  try {
    return Deno.uid();
  } catch {
    return null;
  }
}

function makePrivateDir(path: string): boolean {
  try {
    Deno.mkdirSync(path, { recursive: true, mode: 0o700 });
    Deno.chmodSync(path, 0o700);
    return isPrivateDir(path);
  } catch {
    return false;
  }
}

/**
 * Points XDG_RUNTIME_DIR at a private directory when it is unset or invalid:
 * `<state dir>/run` when the state directory is usable (src/platform/state_dir.ts, the
 * one place that decides where state goes), else a fresh temp dir when attn
 * may create one. Under the tasks' permissions with an unusable state
 * directory neither is possible; the variable then names `<state dir>/run`
 * anyway: libwayland, which the Vulkan loader's WSI probes and which prints the
 * "XDG_RUNTIME_DIR is invalid" lines, wants only an absolute path, connecting
 * there then fails quietly, and only the user can create anything under their
 * own state path. Does nothing when the variable is already valid or when env
 * access is not permitted.
 */
export function ensureRuntimeDir(): void {
  const current = envGet("XDG_RUNTIME_DIR");
  if (current && isPrivateDir(current)) return;
  const state = usableStateDir();
  if (state && makePrivateDir(`${state}/run`)) return setRuntimeDir(`${state}/run`);
  try {
    return setRuntimeDir(Deno.makeTempDirSync({ prefix: "attn-run-" })); // created 0700
  } catch {
    // no write permission outside the state directory
  }
  const candidate = stateDirCandidate();
  if (candidate?.startsWith("/")) setRuntimeDir(`${candidate}/run`);
}

function setRuntimeDir(dir: string): void {
  try {
    Deno.env.set("XDG_RUNTIME_DIR", dir);
  } catch {
    // no --allow-env
  }
}

/** True once chooseBackend() picked Vulkan itself (the user had not chosen). */
let backendChosenByUs = false;

/**
 * On Linux, restricts wgpu to Vulkan unless DENO_WEBGPU_BACKEND is already
 * set (see the module comment: the OpenGL/EGL probe makes `deno test` abort
 * at exit). Must run before the first requestAdapter: Deno reads the
 * variable only when that call creates the wgpu instance.
 */
function chooseBackend(): void {
  if (Deno.build.os !== "linux" || envGet("DENO_WEBGPU_BACKEND") !== undefined) return;
  try {
    Deno.env.set("DENO_WEBGPU_BACKEND", "vulkan");
    backendChosenByUs = true;
  } catch {
    // No --allow-env: wgpu probes every backend (works; may abort at exit under deno test).
  }
}

/** Why no adapter: names the DENO_WEBGPU_BACKEND choice when one was made. */
function noAdapterReason(detail?: Bilingual | string): Bilingual {
  const backend = envGet("DENO_WEBGPU_BACKEND");
  const chosen = backendChosenByUs && backend === "vulkan"
    ? say("backend.vulkanByAttn")
    : backend
    ? `DENO_WEBGPU_BACKEND=${backend}`
    : "";
  const parts = [chosen, detail ?? ""].filter((s) => s !== "");
  if (parts.length === 0) return say("backend.noAdapter");
  const text = (lang: Lang) => parts.map((p) => typeof p === "string" ? p : p[lang]).join("; ");
  return say("backend.noAdapterBecause", { details: { en: text("en"), ko: text("ko") } });
}

/**
 * Requests an adapter and a device (with timestamp-query when the adapter
 * has it). Throws an Error with a one-line reason when there is no adapter.
 */
export async function acquireDevice(
  opts: { powerPreference?: GPUPowerPreference } = {},
): Promise<AcquiredDevice> {
  ensureRuntimeDir();
  chooseBackend();
  if (typeof navigator === "undefined" || !("gpu" in navigator) || !navigator.gpu) {
    throw new BilingualError(noAdapterReason(say("backend.noNavigatorGpu")));
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await navigator.gpu.requestAdapter({ powerPreference: opts.powerPreference });
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new BilingualError(noAdapterReason(msg));
  }
  if (!adapter) throw new BilingualError(noAdapterReason());
  const hasTimestamps = adapter.features.has("timestamp-query");
  const requiredFeatures: GPUFeatureName[] = hasTimestamps ? ["timestamp-query"] : [];
  const a = adapter.limits;
  // Ask for the adapter's own storage limits: the defaults (128 MiB binding,
  // 8 storage buffers per stage) are lower than what llvmpipe offers.
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
      maxBufferSize: a.maxBufferSize,
      maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: a.maxComputeWorkgroupSizeY,
    },
  });
  const info = adapter.info;
  const adapterName = info.description || info.device || info.vendor || "unknown adapter";
  return {
    adapter,
    device,
    adapterName,
    features: [...device.features].map(String).sort(),
    hasTimestamps,
  };
}
