import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkHealth } from "~/health.server";

/** For load balancers and monitors: 200 while the database answers, 503 otherwise. */
export async function loader({ context }: LoaderFunctionArgs) {
  const report = await checkHealth(context);
  return Response.json(report, {
    status: report.database.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
