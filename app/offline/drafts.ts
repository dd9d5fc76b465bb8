/**
 * New listings made without a connection (issue 14). The draft (the form's fields) and its
 * downscaled photos wait on the phone in IndexedDB, through idb-keyval (a maintained 600-byte
 * wrapper: we only need get/set/list), and are sent when the connection is back: by the page on
 * the `online` event or when it next opens, and by the service worker on Background Sync.
 *
 * Exactly once: each draft carries its own form key (`submissionKey`), so a resend after a lost
 * answer finds the first listing instead of making a second. Photos are uploaded one at a time and
 * each uploaded one is remembered, so a dropped connection resends only the photos not yet up.
 * Runs in a page and in the service worker: no DOM here.
 */
import { createStore, del, entries, set, type UseStore } from "idb-keyval";
import { DRAFTS_CHANNEL } from "./names";

export type DraftState = "waiting" | "sending" | "sent" | "needsAttention" | "signedOut";

export interface DraftPhoto {
  blob: Blob;
  name: string;
  /** Set once this photo is on the server: a resend skips it. */
  uploadedId?: string;
  /** The uploaded photo's small variant and blurred placeholder, to show it again if the draft is reopened. */
  thumb?: string;
  placeholder?: string;
}

export interface ListingDraft {
  /** The draft's own form key, also its IndexedDB key. */
  key: string;
  title: string;
  savedAt: number;
  state: DraftState;
  /** The form's fields as posted, without the photo files. */
  fields: [string, string][];
  photos: DraftPhoto[];
  /** Once sent: the listing's edit page. */
  listingUrl?: string;
}

/** A sent draft stays listed (with its link) for a day, then goes. */
const KEEP_SENT_MS = 24 * 60 * 60 * 1000;

let store: UseStore | undefined;
const drafts = () => (store ??= createStore("vuon-nha-drafts", "listings"));

/** A fresh form key in the server's format (16-64 of A-Z a-z 0-9 _ -). */
export function newDraftKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function saveDraft(draft: ListingDraft): Promise<void> {
  await set(draft.key, draft, drafts());
  announce();
}

export async function forgetDraft(key: string): Promise<void> {
  await del(key, drafts());
  announce();
}

/** Newest first; sent drafts older than a day are dropped on the way. */
export async function listDrafts(now = Date.now()): Promise<ListingDraft[]> {
  const all = (await entries<string, ListingDraft>(drafts())).map(([, draft]) => draft);
  const stale = all.filter((d) => d.state === "sent" && now - d.savedAt > KEEP_SENT_MS);
  await Promise.all(stale.map((d) => del(d.key, drafts())));
  return all.filter((d) => !stale.includes(d)).sort((a, b) => b.savedAt - a.savedAt);
}

function announce() {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(DRAFTS_CHANNEL);
  channel.postMessage("changed");
  channel.close();
}

/** What one attempt at sending a draft came to. */
type Outcome = { state: "sent"; listingUrl: string } | { state: "waiting" | "needsAttention" | "signedOut" };

type Uploaded = { id: string; thumb: string; placeholder: string };

async function uploadPhoto(photo: DraftPhoto): Promise<Uploaded | "signedOut" | "refused"> {
  const body = new FormData();
  body.append("photo", photo.blob, photo.name);
  const response = await fetch("/media/upload", { method: "POST", body, credentials: "same-origin" });
  if (response.status === 401) return "signedOut";
  if (!response.ok) return "refused";
  const { id, thumb, placeholder } = (await response.json()) as Partial<Record<keyof Uploaded, unknown>>;
  if (typeof id !== "string") return "refused";
  return { id, thumb: typeof thumb === "string" ? thumb : "", placeholder: typeof placeholder === "string" ? placeholder : "" };
}

async function sendOne(draft: ListingDraft): Promise<Outcome> {
  for (const photo of draft.photos) {
    if (photo.uploadedId) continue;
    const uploaded = await uploadPhoto(photo);
    if (uploaded === "signedOut") return { state: "signedOut" };
    if (uploaded === "refused") return { state: "needsAttention" };
    Object.assign(photo, { uploadedId: uploaded.id, thumb: uploaded.thumb, placeholder: uploaded.placeholder });
    await set(draft.key, draft, drafts()); // this photo is up: a dropped connection resends only the rest
  }
  const body = new FormData();
  for (const [name, value] of draft.fields) body.append(name, value);
  for (const photo of draft.photos) if (photo.uploadedId) body.append("photoIds", photo.uploadedId);
  // The same post a form without JavaScript makes; the server answers a listing made with a redirect.
  const response = await fetch("/sell/new", { method: "POST", body, credentials: "same-origin" });
  const landed = new URL(response.url);
  if (landed.pathname === "/login") return { state: "signedOut" };
  const listing = landed.pathname === "/sell" ? landed.searchParams.get("listing") : null;
  if (response.ok && listing) return { state: "sent", listingUrl: `/sell/${listing}` };
  return response.status >= 500 ? { state: "waiting" } : { state: "needsAttention" };
}

async function sendAll(): Promise<number> {
  let sent = 0;
  for (const draft of await listDrafts()) {
    if (draft.state !== "waiting" && draft.state !== "sending" && draft.state !== "signedOut") continue;
    await saveDraft({ ...draft, state: "sending" });
    let outcome: Outcome;
    try {
      outcome = await sendOne(draft);
    } catch {
      outcome = { state: "waiting" }; // no connection after all: it waits for the next chance
    }
    await saveDraft({ ...draft, ...outcome });
    if (outcome.state === "sent") sent++;
    if (outcome.state === "waiting") break;
  }
  return sent;
}

/**
 * Sends every waiting draft, one at a time. The page and the service worker may both try at once
 * (the `online` event and Background Sync fire together): a Web Lock lets one of them do it.
 */
export async function sendWaitingDrafts(): Promise<number> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return sendAll();
  return locks.request(DRAFTS_CHANNEL, sendAll);
}
