import { useEffect, useState } from "react";
import { useI18n } from "~/i18n/use-t";
import { CopyButton } from "./copy-button";

/**
 * Share a page: the phone's own share sheet (Zalo, Messenger, SMS… whatever is installed) when
 * the browser has one, Facebook's sharer, and the link itself to copy. Without JavaScript the
 * Facebook link and the selectable address still work. No third-party script is loaded.
 */
export function ShareLinks({ url, title }: { url: string; title: string }) {
  const { t } = useI18n();
  const [canShare, setCanShare] = useState(false);
  useEffect(() => setCanShare(typeof navigator.share === "function"), []);
  return (
    <details className="share">
      <summary>{t("product.share")}</summary>
      <div className="share__options">
        {canShare ? (
          <button type="button" className="button--secondary" onClick={() => void navigator.share({ title, url }).catch(() => undefined)}>
            {t("share.apps")}
          </button>
        ) : null}
        <a className="button button--secondary" href={`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`} target="_blank" rel="noopener noreferrer">
          Facebook
        </a>
        <label className="share__link">
          {t("share.link")}
          <input type="url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <CopyButton value={url} label={t("share.copy")} />
      </div>
    </details>
  );
}

/** A chat with the seller in Zalo, which opens from a phone number (zalo.me/<number>). */
export function zaloChatUrl(phone: string): string {
  return `https://zalo.me/${phone.replace(/\D/g, "")}`;
}
