/**
 * The four courier simulators' APIs on 127.0.0.1 in a process of their own, every answer after
 * `latencyMs` (argv[2]), as couriers are elsewhere on the network: the quote bench measures our
 * side, not the simulators' CPU on the same event loop. Prints its base URL, then serves until killed.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setSimulatedLatency } from "../../app/shipping/simulators/courier-sim.server";
import { courierSimulator } from "../../app/shipping/simulators/simulators.server";

setSimulatedLatency(Number(process.argv[2] ?? 150));
const server = createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks).toString("utf8");
    const [, , courier = "", ...rest] = url.pathname.split("/");
    const simulator = courierSimulator(courier);
    const response = simulator ? await simulator.api(rest.join("/"), new Request(url, { method: req.method, headers, body })) : new Response("not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  })().catch((error: unknown) => res.writeHead(500).end(String(error)));
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
