import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { Form, useActionData } from "@remix-run/react";
import { signBankNotification } from "~/payments/vietqr.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "dev.bankTitle", { noindex: true });

/**
 * Development only: plays the bank-statement service. It signs a transfer notification with the
 * shared secret and posts it over HTTP to /webhooks/payments/vietqr, exactly as the real one would.
 */
function guard(context: LoaderFunctionArgs["context"]) {
  // It marks orders paid: development on loopback only, never production, never for anyone else.
  if (!context.devTools || !context.bankWebhookSecret) throw new Response("Not found", { status: 404 });
  return context.bankWebhookSecret;
}

export function loader({ context }: LoaderFunctionArgs) {
  guard(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const secret = guard(context);
  const form = await request.formData();
  const body = JSON.stringify({
    id: String(form.get("eventId") || randomUUID()),
    amount: Number(form.get("amount")),
    description: `${String(form.get("memo") ?? "")} chuyen khoan`,
    accountNumber: String(form.get("accountNumber") ?? ""),
    bankBin: String(form.get("bankBin") ?? ""),
    transactedAt: new Date().toISOString(),
  });
  // Always this server itself, never whatever host the request named.
  try {
    const response = await fetch(`${context.internalUrl}/webhooks/payments/vietqr`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Signature": signBankNotification(secret, body) },
      body,
      signal: AbortSignal.timeout(5000),
    });
    return { status: response.status, reply: await response.text() };
  } catch (error) {
    return { status: 0, reply: `could not reach ${context.internalUrl}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export default function BankSimulator() {
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Bank transfer simulator (dev)</h1>
      <Form method="post" className="stack">
        <label>
          Memo (order code) <input name="memo" required />
        </label>
        <label>
          Amount (đồng) <input name="amount" inputMode="numeric" required />
        </label>
        <label>
          Receiving bank BIN <input name="bankBin" inputMode="numeric" required />
        </label>
        <label>
          Receiving account number <input name="accountNumber" inputMode="numeric" required />
        </label>
        <label>
          Event id (blank: new) <input name="eventId" />
        </label>
        <button type="submit">Send signed notification</button>
      </Form>
      {result ? (
        <pre className="message">
          {result.status} {result.reply}
        </pre>
      ) : null}
    </>
  );
}
