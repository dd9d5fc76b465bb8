import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { resetPassword, resetPasswordSchema } from "~/accounts/accounts.server";
import { formatPhone, normalizePhone } from "~/accounts/phone";
import { FormErrors, TextField, useFormResult } from "~/components/form";
import { useI18n } from "~/i18n/use-t";
import { parseForm, replyWithFieldError } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "auth.resetTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const phone = normalizePhone(params.get("phone") ?? "");
  return { phone: phone ?? "", sent: params.get("sent") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, resetPasswordSchema);
  if (!parsed.ok) return { result: parsed.reply, done: false };
  const outcome = await resetPassword(context.db, { ...parsed.value, clientKey: context.clientIp });
  if (!outcome.ok) return { result: replyWithFieldError(parsed.formData, new FieldError("code", outcome.messageKey)), done: false };
  return { result: null, done: true };
}

export default function ResetPassword() {
  const { phone, sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  if (actionData?.done) {
    return (
      <section className="panel">
        <h1>{t("auth.resetTitle")}</h1>
        <p className="notice" role="status">
          {t("auth.resetDone")}
        </p>
        <Link className="button" to="/login">
          {t("nav.signIn")}
        </Link>
      </section>
    );
  }
  return (
    <section className="panel">
      <h1>{t("auth.resetTitle")}</h1>
      {sent && phone ? (
        <p className="notice" role="status">
          {t("auth.codeSent", { phone: formatPhone(phone) })}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormErrors messages={form.formErrors()} />
        <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t("field.phone")} defaultValue={form.value("phone", phone)} errors={form.errors("phone")} required />
        <TextField name="code" inputMode="numeric" autoComplete="one-time-code" label={t("field.code")} errors={form.errors("code")} required maxLength={6} />
        <TextField name="password" type="password" autoComplete="new-password" label={t("field.newPassword")} hint={t("field.passwordHint")} errors={form.errors("password")} required />
        <button type="submit">{t("auth.resetSubmit")}</button>
      </Form>
    </section>
  );
}
