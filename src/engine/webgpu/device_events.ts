/** The device's events the runtime must hear about: its loss, and errors outside any scope. */

/** What to do when the device is lost (one-line reason) or raises an uncaptured error. */
export interface DeviceListeners {
  lost(reason: string): void;
  uncaptured(message: string): void;
}

/** Subscribes `on` to `device`'s loss and uncaptured errors, each reduced to one line. */
export function watchDevice(device: GPUDevice, on: DeviceListeners): void {
  device.lost.then((info) => {
    const why = [info.reason, info.message].filter((s) => s).join(": ") || "unknown reason";
    on.lost(why.split("\n")[0]);
  });
  device.addEventListener("uncapturederror", (event) => {
    event.preventDefault();
    on.uncaptured((event as GPUUncapturedErrorEvent).error.message.split("\n")[0]);
  });
}
