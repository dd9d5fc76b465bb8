import type { ActionFunctionArgs } from "@remix-run/node";
import { getCurrentUser } from "~/accounts/session.server";
import { getTranslate } from "~/i18n/locale.server";
import { translateIssue } from "~/i18n/i18n";
import { savePhoto } from "~/media/media.server";
import { parseFormWithPhotos } from "~/media/upload.server";

/** One photo from the listing form's JavaScript uploader. Answers JSON in the visitor's language. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getCurrentUser(request, context);
  const t = await getTranslate(request, user?.locale);
  if (!user) return Response.json({ error: t("error.forbidden") }, { status: 401 });
  if (request.method !== "POST") return Response.json({ error: t("error.formExpired") }, { status: 405 });
  let saved: Awaited<ReturnType<typeof savePhoto>> | undefined;
  const { fileResults } = await parseFormWithPhotos(request, {
    fileFields: ["photo"],
    maxFiles: 1,
    onFile: async (file) => {
      if (!file.bytes) return null;
      saved = await savePhoto(context.db, context.media, user.id, file.bytes);
      return saved.id;
    },
  });
  const error = fileResults.find((r) => r.error)?.error;
  if (error || !saved) return Response.json({ error: translateIssue(t, error ?? "photo.errorNotImage") }, { status: 400 });
  const thumb = saved.variants.filter((v) => v.format === "jpeg").sort((a, b) => a.width - b.width)[0];
  return Response.json({ id: saved.id, thumb: thumb ? `/media/${thumb.key}` : "", placeholder: saved.placeholder });
}

export async function loader() {
  return new Response("Method not allowed", { status: 405 });
}
