import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/accounts/session.server";
import { useI18n } from "~/i18n/use-t";
import { listOutbox } from "~/notify/notifier.server";
import { pageMeta } from "~/i18n/meta";
import { formatMoment } from "~/lib/dates";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "outbox.title", { noindex: true });

/** Messages the outbox notifier "sent". Open in development; admins only otherwise. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.showDevOutbox) {
    const user = await getCurrentUser(request, context);
    if (!user?.is_admin) throw new Response("Not found", { status: 404 });
  }
  const messages = await listOutbox(context.db, 100);
  return {
    messages: messages.map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      at: new Date(m.created_at).toISOString(),
    })),
  };
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p>{t("outbox.lead")}</p>
      {messages.length === 0 ? <p>{t("outbox.empty")}</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="panel outbox-message">
          <p className="muted">
            <span className="badge">{m.channel}</span> {m.recipient} · {formatMoment(m.at, locale)}
          </p>
          <h2>{m.subject}</h2>
          <pre className="message">{m.body}</pre>
        </article>
      ))}
    </>
  );
}
