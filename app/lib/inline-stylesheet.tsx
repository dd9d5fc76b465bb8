import { createContext, useContext, type ReactNode } from "react";

/**
 * The stylesheet goes inside the page instead of in a file of its own: the first paint on a
 * 3G phone then waits for no second request (Lighthouse counted it as render-blocking). After
 * the first page, navigation fetches data only, so the few kilobytes are paid once per visit.
 *
 * The server gives the file's text through context; the browser keeps what the server sent,
 * since React leaves inner HTML alone when it hydrates (hence the empty string there).
 */
const StylesheetText = createContext<((href: string) => string) | null>(null);

export function StylesheetProvider({ read, children }: { read: (href: string) => string; children: ReactNode }) {
  return <StylesheetText.Provider value={read}>{children}</StylesheetText.Provider>;
}

export function InlineStylesheet({ href }: { href: string }) {
  const read = useContext(StylesheetText);
  return <style data-href={href} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: read ? read(href) : "" }} />;
}
