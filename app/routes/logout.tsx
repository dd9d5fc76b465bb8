import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endUserSession } from "~/accounts/session.server";

export async function loader() {
  return redirect("/account");
}

/** POST only, so a link or an image on another site cannot sign anyone out. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  return endUserSession(request, context, form.get("everywhere") === "1");
}
