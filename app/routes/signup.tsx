import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { createUser, signUpSchema } from "~/accounts/accounts.server";
import { getCurrentUser, safeRedirectPath, startUserSession } from "~/accounts/session.server";
import { FormErrors, TextField, useFormResult } from "~/components/form";
import { getLocale } from "~/i18n/locale.server";
import { useI18n } from "~/i18n/use-t";
import { parseForm, replyWithFieldError } from "~/lib/forms.server";
import { FieldError } from "~/lib/validation.server";
import { pageMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "auth.signUpTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(request, context)) throw redirect("/account");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, signUpSchema);
  if (!parsed.ok) return { result: parsed.reply };
  try {
    const user = await createUser(context.db, { ...parsed.value, locale: await getLocale(request) });
    const next = safeRedirectPath(parsed.formData.get("redirectTo"), "/account");
    return startUserSession(request, context, user.id, next);
  } catch (error) {
    if (error instanceof FieldError) return { result: replyWithFieldError(parsed.formData, error) };
    throw error;
  }
}

export default function SignUp() {
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel">
      <h1>{t("auth.signUpTitle")}</h1>
      <p>{t("auth.signUpLead")}</p>
      <Form method="post" className="stack" noValidate>
        <FormErrors messages={form.formErrors()} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/account"} />
        <TextField name="fullName" label={t("field.fullName")} autoComplete="name" defaultValue={form.value("fullName")} errors={form.errors("fullName")} required maxLength={80} />
        <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t("field.phone")} hint={t("field.phoneHint")} defaultValue={form.value("phone")} errors={form.errors("phone")} required />
        <TextField name="password" type="password" autoComplete="new-password" label={t("field.password")} hint={t("field.passwordHint")} errors={form.errors("password")} required />
        <TextField name="email" type="email" inputMode="email" autoComplete="email" label={t("field.email")} defaultValue={form.value("email")} errors={form.errors("email")} />
        <button type="submit" disabled={busy}>
          {t("auth.signUpSubmit")}
        </button>
      </Form>
      <p>
        {t("auth.haveAccount")} <Link to={params.get("redirectTo") ? `/login?redirectTo=${encodeURIComponent(params.get("redirectTo") ?? "")}` : "/login"}>{t("nav.signIn")}</Link>
      </p>
    </section>
  );
}
