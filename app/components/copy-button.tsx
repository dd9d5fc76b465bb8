import { useEffect, useState } from "react";
import { useI18n } from "~/i18n/use-t";

/**
 * Copies a value to the clipboard and says so for two seconds. Shown only once the page is
 * hydrated and the browser has a clipboard: without JavaScript the value beside it is plain,
 * selectable text, so nothing is lost.
 */
export function CopyButton({ value, label, ariaLabel }: { value: string; label: string; ariaLabel?: string }) {
  const { t } = useI18n();
  const [available, setAvailable] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setAvailable(Boolean(navigator.clipboard)), []);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  if (!available) return null;
  return (
    <button
      type="button"
      className="button--secondary"
      aria-label={ariaLabel}
      onClick={() =>
        void navigator.clipboard
          .writeText(value)
          .then(() => setCopied(true))
          .catch(() => undefined)
      }
    >
      <span aria-live="polite">{copied ? t("copy.done") : label}</span>
    </button>
  );
}
