import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/accounts/session.server";
import { approveClaim, listPendingClaims, rejectClaim, rejectSchema } from "~/catalog/claims.server";
import { TextField, useFormResult } from "~/components/form";
import { describePlace } from "~/geo/address.server";
import { useI18n } from "~/i18n/use-t";
import { parseForm, replyWithFieldError } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "claims.title", { noindex: true });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const claims = await listPendingClaims(context.db, admin);
  return {
    claims: claims.map((c) => ({
      id: c.id,
      kind: c.kind,
      stars: c.ocop_stars,
      number: c.certificate_number,
      title: c.title,
      slug: c.slug,
      producer: c.producer_name,
      origin: describePlace(c.origin_province_code, c.origin_ward_code),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request, context);
  const intent = new URL(request.url).searchParams.get("intent");
  if (intent === "approve") {
    const form = await request.formData().catch(() => new FormData());
    const claimId = String(form.get("claimId") ?? "");
    if (!/^[0-9]{1,18}$/.test(claimId)) return { claimId, result: null, done: null };
    try {
      await approveClaim(context.db, admin, claimId);
      return { claimId, result: null, done: "approved" as const };
    } catch (error) {
      if (error instanceof FieldError) return { claimId, result: replyWithFieldError(form, error), done: null };
      throw error;
    }
  }
  const parsed = await parseForm(request, rejectSchema);
  const claimId = String(parsed.formData.get("claimId") ?? "");
  if (!parsed.ok) return { claimId, result: parsed.reply, done: null };
  try {
    await rejectClaim(context.db, admin, parsed.value.claimId, parsed.value.reason);
    return { claimId, result: null, done: "rejected" as const };
  } catch (error) {
    if (error instanceof FieldError) return { claimId, result: replyWithFieldError(parsed.formData, error), done: null };
    throw error;
  }
}

export default function ClaimsQueue() {
  const { claims } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  return (
    <>
      <h1>{t("claims.title")}</h1>
      {actionData?.done === "approved" ? <p className="notice" role="status">{t("claims.approved")}</p> : null}
      {actionData?.done === "rejected" ? <p className="notice" role="status">{t("claims.rejectedDone")}</p> : null}
      {claims.length === 0 ? <p>{t("claims.empty")}</p> : null}
      {claims.map((c) => (
        <article key={c.id} className="panel" data-testid={`claim-${c.id}`}>
          <h2>
            {c.kind === "ocop" ? t("product.ocopBadge", { n: c.stars ?? "" }) : t(c.kind === "vietgap" ? "listing.vietgap" : "listing.organic")} —{" "}
            {t("listing.certNumber")}: <code>{c.number}</code>
          </h2>
          <p>
            <Link to={`/products/${c.slug}`}>{c.title}</Link> · {c.producer} · {c.origin}
          </p>
          <Form method="post" action="?intent=approve" className="inline-form">
            <input type="hidden" name="claimId" value={c.id} />
            <button type="submit">{t("claims.approve")}</button>
          </Form>
          <Form method="post" action="?intent=reject" className="stack" noValidate>
            <input type="hidden" name="claimId" value={c.id} />
            <TextField
              name="reason"
              label={t("claims.reason")}
              errors={actionData?.claimId === c.id ? [...form.errors("reason"), ...form.errors("claimId")] : []}
              maxLength={500}
            />
            <button type="submit" className="button--danger">
              {t("claims.reject")}
            </button>
          </Form>
        </article>
      ))}
    </>
  );
}
