import { useNonce } from "~/lib/csp";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getCurrentUser } from "~/accounts/session.server";
import { cartCount, findCartId, readGuestCartId } from "~/orders/cart.server";
import { newOrderCount, sellerScope } from "~/orders/desk.server";
import { dictionaryScript } from "~/i18n/dictionary.server";
import { makeTranslate } from "~/i18n/i18n";
import { pageDictionary } from "~/i18n/page-dictionary";
import { getLocale } from "~/i18n/locale.server";
import { useI18n } from "~/i18n/use-t";
import stylesheet from "~/styles.css";
import { keepUnlessSent } from "~/lib/unsent";
import { InlineStylesheet } from "~/lib/inline-stylesheet";
import { isLiteRequest } from "~/lib/lite";
import { LiteSwitch } from "~/components/lite-switch";
import { useShipsNoScript } from "~/lib/scriptless";
import { FARMER_PAGES_CACHE } from "~/offline/names";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  // Installable on Android's home screen (issue 14), with shortcuts to listing and the order desk.
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icon-192.png" },
];

export const meta: MetaFunction = () => [{ title: "Vườn Nhà" }];
export const shouldRevalidate = keepUnlessSent;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request, context);
  const locale = await getLocale(request, user?.locale);
  const guestCartId = user ? null : await readGuestCartId(request, context);
  const [cartItems, newOrders, scope] = await Promise.all([
    user || guestCartId ? findCartId(context.db, user, guestCartId).then((id) => cartCount(context.db, id)) : 0,
    user ? newOrderCount(context.db, user) : 0,
    user ? sellerScope(context.db, user) : null,
  ]);
  return {
    locale,
    // The strings themselves come as /i18n/<locale>-<hash>.js (see page-dictionary.ts).
    dictionaryHash: dictionaryScript(locale).hash,
    cartItems,
    newOrders,
    // A buyer who sells nothing is not shown the seller's desk (issue 10 #9).
    user: user ? { name: user.full_name, isAdmin: user.is_admin, sells: Boolean(scope?.shop || scope?.coop) } : null,
    showDevOutbox: context.showDevOutbox,
    lite: isLiteRequest(request),
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

function Header() {
  const data = useRouteLoaderData<RootData>("root");
  const { t } = useI18n();
  const location = useLocation();
  const here = location.pathname + location.search;
  const farmerPage = Boolean(data?.user?.sells) && location.pathname.startsWith("/sell");
  const signedIn = Boolean(data?.user);
  // Loaded on the farmer's pages only: buyers' pages do not carry the service worker's code.
  useEffect(() => {
    if (farmerPage) void import("~/offline/register").then((offline) => offline.keepFarmerPagesOffline(), () => undefined);
  }, [farmerPage]);
  // Signed out: the farmer's kept pages are one person's, so they go (drafts stay, to be sent after signing in again).
  useEffect(() => {
    if (!signedIn && typeof caches !== "undefined") void caches.delete(FARMER_PAGES_CACHE).catch(() => undefined);
  }, [signedIn]);
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="site-header__row">
        <Link to="/" className="logo">
          🌱 {t("app.name")}
        </Link>
        <nav aria-label={t("nav.account")} className="site-nav">
          <Link to="/cart">
            {t("nav.cart")}
            {data?.cartItems ? <span className="count"> ({data.cartItems})</span> : null}
          </Link>
          {data?.user ? (
            <>
              <Link to="/orders">{t("nav.orders")}</Link>
              {data.user.sells ? (
                <>
                  <Link to="/sell/orders">
                    {t("nav.desk")}
                    {data.newOrders ? <span className="count count--alert"> {data.newOrders}</span> : null}
                  </Link>
                  <Link to="/sell">{t("nav.sell")}</Link>
                </>
              ) : null}
              <Link to="/account">{t("nav.account")}</Link>
            </>
          ) : (
            <>
              <Link to="/login">{t("nav.signIn")}</Link>
              <Link to="/signup">{t("nav.signUp")}</Link>
            </>
          )}
          {/* A full load: the other language's strings come with the page (page-dictionary.ts). */}
          <Form method="post" action="/lang" className="inline-form" reloadDocument>
            <input type="hidden" name="redirectTo" value={here} />
            <input type="hidden" name="locale" value={data?.locale === "en" ? "vi" : "en"} />
            <button type="submit" className="link-button" lang={data?.locale === "en" ? "vi" : "en"}>
              {t("nav.switchTo")}
            </button>
          </Form>
        </nav>
      </div>
      {/* Home and search have their own big search box; one box per page. */}
      {location.pathname === "/search" || location.pathname === "/" ? null : (
      <Form method="get" action="/search" role="search" className="search-box">
        <label htmlFor="site-search" className="visually-hidden">
          {t("nav.search")}
        </label>
        <input id="site-search" type="search" name="q" placeholder={t("nav.searchPlaceholder")} maxLength={200} />
        <button type="submit">{t("nav.search")}</button>
      </Form>
      )}
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  const noScript = useShipsNoScript();
  return (
    <html lang={data?.locale ?? "vi"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#2f6b2f" />
        <Meta />
        <InlineStylesheet href={stylesheet} />
        <Links />
      </head>
      <body>
        <Header />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <Footer />
        {/* The page strings are only needed to hydrate: deferred, they never hold up the first paint,
            and deferred scripts run in document order, so before Remix's module scripts below. */}
        {/* Lite mode ships no script at all: the forms work without one (lib/lite.ts). */}
        {data && !noScript ? (
          <>
            <script nonce={nonce} defer src={`/i18n/${data.locale}-${data.dictionaryHash}.js`} />
            <ScrollRestoration nonce={nonce} />
            {/* Low priority (patched into Remix, scripts/patches): a product's photo downloads ahead of the
                modules on 3G, and Lighthouse stops counting them as holding up the first paint. */}
            <Scripts nonce={nonce} fetchpriority="low" />
          </>
        ) : null}
      </body>
    </html>
  );
}

function Footer() {
  const data = useRouteLoaderData<RootData>("root");
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <p>{t("app.tagline")}</p>
      <LiteSwitch />
      {data?.showDevOutbox ? <Link to="/dev/outbox">{t("nav.outbox")}</Link> : null}
      {data?.user?.isAdmin ? <Link to="/admin">{t("nav.admin")}</Link> : null}
      {data?.user?.isAdmin ? <Link to="/admin/claims">{t("nav.claims")}</Link> : null}
      {data?.user?.isAdmin ? <Link to="/admin/payouts">{t("nav.payouts")}</Link> : null}
      {data?.user?.isAdmin ? <Link to="/admin/reconciliation">{t("nav.reconciliation")}</Link> : null}
    </footer>
  );
}

export default function App() {
  return <Outlet />;
}

/** The one error page: 404, 403 and unexpected errors, in the visitor's language. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootData>("root");
  const t = makeTranslate(pageDictionary(data?.locale));
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] =
    status === 404
      ? [t("errorPage.notFoundTitle"), t("errorPage.notFoundText")]
      : status === 403
        ? [t("errorPage.forbiddenTitle"), t("error.forbidden")]
        : [t("errorPage.errorTitle"), t("errorPage.errorText")];
  return (
    <section className="panel error-page">
      <h1>{title}</h1>
      <p>{text}</p>
      {data ? null : (
        <p lang="en">{status === 404 ? "Page not found." : "Something went wrong. Please try again in a few minutes."}</p>
      )}
      <p>
        <Link to="/">{t("errorPage.home")}</Link>
      </p>
    </section>
  );
}
