import { Link } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { useI18n } from "~/i18n/use-t";
import { forgetDraft, listDrafts, sendWaitingDrafts, type ListingDraft } from "~/offline/drafts";
import { DRAFTS_CHANNEL } from "~/offline/names";

/**
 * The "waiting to send" list (issue 14): listings kept on this phone while it had no connection,
 * each with its state. They are sent when the connection comes back, when this page opens, or on
 * "Gửi ngay". Renders nothing without JavaScript or when nothing waits.
 */
export function WaitingDrafts({ onOpen }: { onOpen?: (draft: ListingDraft) => void }) {
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<ListingDraft[]>([]);
  const refresh = useCallback(() => void listDrafts().then(setDrafts, () => setDrafts([])), []);
  const send = useCallback(() => void sendWaitingDrafts().finally(refresh), [refresh]);
  useEffect(() => {
    refresh();
    if (navigator.onLine) send();
    const channel = new BroadcastChannel(DRAFTS_CHANNEL);
    channel.onmessage = refresh;
    window.addEventListener("online", send);
    return () => {
      channel.close();
      window.removeEventListener("online", send);
    };
  }, [refresh, send]);
  if (!drafts.length) return null;
  return (
    <section className="waiting-drafts" aria-labelledby="waiting-drafts-title">
      <h2 id="waiting-drafts-title">{t("drafts.title")}</h2>
      <p className="hint">{t("drafts.hint")}</p>
      <ul>
        {drafts.map((draft) => (
          <li key={draft.key} className="waiting-draft">
            <strong>{draft.title || t("drafts.untitled")}</strong> · {t("drafts.photos", { n: draft.photos.length })}
            <span className={`badge${draft.state === "needsAttention" || draft.state === "signedOut" ? " badge--pending" : ""}`} role="status">
              {t(`drafts.state.${draft.state}`)}
            </span>
            <span className="waiting-draft__actions">
              {draft.state === "sent" && draft.listingUrl ? <Link to={draft.listingUrl}>{t("drafts.view")}</Link> : null}
              {draft.state === "waiting" || draft.state === "signedOut" ? (
                <button type="button" className="button--secondary" onClick={send}>
                  {t("drafts.sendNow")}
                </button>
              ) : null}
              {draft.state === "needsAttention" && onOpen ? (
                <button type="button" className="button--secondary" onClick={() => onOpen(draft)}>
                  {t("drafts.openAgain")}
                </button>
              ) : null}
              {draft.state !== "sending" && draft.state !== "sent" ? (
                <button type="button" className="button--danger" onClick={() => void forgetDraft(draft.key)}>
                  {t("drafts.delete")}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
