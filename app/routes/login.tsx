import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { signIn, signInSchema } from "~/accounts/accounts.server";
import { getCurrentUser, safeRedirectPath, startUserSession } from "~/accounts/session.server";
import { FormErrors, TextField, useFormResult } from "~/components/form";
import { useI18n } from "~/i18n/use-t";
import { parseForm, replyWithFieldError } from "~/lib/forms.server";
import { pageMeta } from "~/i18n/meta";
import { FieldError } from "~/lib/validation.server";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "auth.signInTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(request, context)) throw redirect("/account");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseForm(request, signInSchema);
  if (!parsed.ok) return { result: parsed.reply };
  const outcome = await signIn(context.db, { ...parsed.value, clientKey: context.clientIp });
  if (!outcome.ok) {
    const error =
      outcome.reason === "rate_limited" ? new FieldError("", "error.rateLimited", { seconds: outcome.retryAfterSeconds }) : new FieldError("", "error.badCredentials");
    return { result: replyWithFieldError(parsed.formData, error) };
  }
  return startUserSession(request, context, outcome.user.id, safeRedirectPath(parsed.formData.get("redirectTo"), "/account"));
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const form = useFormResult(actionData?.result);
  const { t } = useI18n();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel">
      <h1>{t("auth.signInTitle")}</h1>
      <Form method="post" className="stack" noValidate>
        <FormErrors messages={form.formErrors()} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/account"} />
        <TextField name="phone" type="tel" inputMode="tel" autoComplete="tel" label={t("field.phone")} defaultValue={form.value("phone")} errors={form.errors("phone")} required />
        <TextField name="password" type="password" autoComplete="current-password" label={t("field.password")} errors={form.errors("password")} required />
        <button type="submit" disabled={busy}>
          {t("auth.signInSubmit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("auth.forgot")}</Link>
      </p>
      <p>
        {t("auth.noAccount")} <Link to={params.get("redirectTo") ? `/signup?redirectTo=${encodeURIComponent(params.get("redirectTo") ?? "")}` : "/signup"}>{t("nav.signUp")}</Link>
      </p>
    </section>
  );
}
