import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requestPasswordReset, resetRequestSchema } from "~/accounts/accounts.server";
import { FormErrors, TextField, useFormResult } from "~/components/form";
import { getLocale } from "~/i18n/locale.server";
import { useI18n } from "~/i18n/use-t";
import { parseForm, replyWithFormError } from "~/lib/forms.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "auth.forgotTitle");

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, resetRequestSchema);
  if (!parsed.ok) return { result: parsed.reply };
  const outcome = await requestPasswordReset(context.db, { phone: parsed.value.phone, clientKey: context.clientIp, locale: await getLocale(request) });
  if (!outcome.ok) return { result: replyWithFormError(parsed.formData, outcome.messageKey) };
  return redirect(`/reset-password?phone=${encodeURIComponent(parsed.value.phone)}&sent=1`);
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  return (
    <section className="panel">
      <h1>{t("auth.forgotTitle")}</h1>
      <p>{t("auth.forgotLead")}</p>
      <Form method="post" className="stack" noValidate>
        <FormErrors messages={form.formErrors()} />
        <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t("field.phone")} defaultValue={form.value("phone")} errors={form.errors("phone")} required />
        <button type="submit">{t("auth.sendCode")}</button>
      </Form>
    </section>
  );
}
