import { createCourierRegistry, type CourierRegistry } from "~/shipping/registry.server";
import { GHN_SIMULATOR_SETTINGS } from "~/shipping/simulators/ghn-simulator.server";
import { GHTK_SIMULATOR_SETTINGS } from "~/shipping/simulators/ghtk-simulator.server";
import { courierSimulator, setCourierWebhookBase } from "~/shipping/simulators/simulators.server";
import { VIETTELPOST_SIMULATOR_SETTINGS } from "~/shipping/simulators/viettelpost-simulator.server";
import { VNPOST_SIMULATOR_SETTINGS } from "~/shipping/simulators/vnpost-simulator.server";

/**
 * The network between our courier adapters and the courier simulators, for tests: fetches to
 * http://sim.test/<courier>/… are answered by that courier's simulator (a caller that gives up at
 * its time limit gets an abort, as on a real network), and webhooks the simulators post to
 * http://app.test/webhooks/couriers/<courier> go to `onWebhook`. Everything else is real fetch.
 */
const SIM = "http://sim.test";
const APP = "http://app.test";

export function simulatedCourierRegistry(): CourierRegistry {
  return createCourierRegistry({
    ghn: { ...GHN_SIMULATOR_SETTINGS, endpoint: `${SIM}/ghn` },
    ghtk: { ...GHTK_SIMULATOR_SETTINGS, endpoint: `${SIM}/ghtk` },
    viettelpost: { ...VIETTELPOST_SIMULATOR_SETTINGS, endpoint: `${SIM}/viettelpost` },
    vnpost: { ...VNPOST_SIMULATOR_SETTINGS, endpoint: `${SIM}/vnpost` },
  });
}

export function installCourierNetwork(onWebhook: (courier: string, request: Request) => Promise<Response>): () => void {
  const realFetch = globalThis.fetch;
  setCourierWebhookBase(APP);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin === SIM) {
      const [, courier = "", ...rest] = url.pathname.split("/");
      const aborted = new Promise<never>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason as Error), { once: true }));
      return Promise.race([courierSimulator(courier)!.api(rest.join("/"), request), aborted]);
    }
    if (url.origin === APP) return onWebhook(url.pathname.split("/").at(-1)!, request);
    return realFetch(input, init);
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}
