import { Form, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { newDraftKey, saveDraft, forgetDraft, type DraftPhoto, type ListingDraft } from "~/offline/drafts";
import { sendDraftsWhenOnline } from "~/offline/register";
import { guessCategory } from "~/catalog/category-guess";
import { CATEGORIES, categoryName, UNITS } from "~/catalog/taxonomy";
import { useI18n } from "~/i18n/use-t";
import type { Downscaled, UploadOutcome } from "~/media/downscale.client";
import { FormErrors, SelectField, TextField, useFocusFirstError, useFormResult } from "./form";
import { PlaceFieldset, type PlaceOption } from "./place-picker";
import { WaitingDrafts } from "./waiting-drafts";

export interface PhotoThumb {
  id: string;
  thumb: string;
  placeholder: string;
}

export interface ListingDefaults {
  title?: string;
  priceVnd?: string;
  stock?: string;
  unit?: string;
  category?: string;
  weightGrams?: string;
  harvestDate?: string;
  provinceCode?: string;
  wardCode?: string;
  description?: string;
  vietgap?: boolean;
  vietgapNumber?: string;
  organic?: boolean;
  organicNumber?: string;
  ocopStars?: string;
  ocopNumber?: string;
  producerShopId?: string;
  /** New listings only: the form's own key, so sending it twice makes one listing. */
  submissionKey?: string;
}

export interface ClaimState {
  kind: "ocop" | "vietgap" | "organic";
  status: "pending" | "verified" | "rejected";
  reason: string | null;
}

type Pending = { key: string; name: string; percent: number; failed: boolean; error?: string; photo?: Downscaled };
/** `unsent`: photos shrunk on the phone and not yet on the server (kept with an offline draft). */
type UploadState = { uploading: number; failed: number; shrinking: number; unsent: Downscaled[]; uploaded: PhotoThumb[] };
const NO_UPLOADS: UploadState = { uploading: 0, failed: 0, shrinking: 0, unsent: [], uploaded: [] };

/**
 * Photo first: take or choose photos, reorder, remove, pick the cover. Without JavaScript the
 * files post with the form and the buttons re-post it; with JavaScript photos are shrunk in the
 * browser and uploaded one by one with progress, and a failed upload can be retried in place.
 */
function PhotoPicker({ initial, errors, onUploads, incoming }: { initial: PhotoThumb[]; errors: string[]; onUploads: (state: UploadState) => void; incoming?: DraftPhoto[] }) {
  const { t } = useI18n();
  const [photos, setPhotos] = useState(initial);
  const [pending, setPending] = useState<Pending[]>([]);
  const uploading = pending.filter((p) => !p.failed).length;
  const failed = pending.filter((p) => p.failed).length;
  const shrinking = pending.filter((p) => !p.photo).length;
  useEffect(
    () => onUploads({ uploading, failed, shrinking, unsent: pending.flatMap((p) => (p.photo ? [p.photo] : [])), uploaded: photos }),
    [uploading, failed, shrinking, pending, photos, onUploads],
  );
  const [enhanced, setEnhanced] = useState(false);
  const cameraInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setEnhanced(true);
    // A photo picked while the page's script was still arriving (slow phone, 3G) had no one to
    // send it: send it now, instead of leaving it silently in the input (issue 14).
    for (const input of [cameraInput.current, filesInput.current]) if (input?.files?.length) void onFiles(input);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the page comes alive
  }, []);
  // The photos of a draft opened again: those already on the server show as they were, the rest
  // are sent like newly chosen ones.
  useEffect(() => {
    if (!incoming?.length) return;
    const onServer = incoming.flatMap((photo) => (photo.uploadedId && photo.thumb !== undefined ? [{ id: photo.uploadedId, thumb: photo.thumb, placeholder: photo.placeholder ?? "" }] : []));
    const toSend = incoming.filter((photo) => !onServer.some((shown) => shown.id === photo.uploadedId) && photo.blob.size > 0);
    const items = toSend.map((photo) => ({ key: `${Date.now()}-${Math.random()}`, name: photo.name, percent: 0, failed: false, photo: { blob: photo.blob, name: photo.name } }) satisfies Pending);
    setPhotos((list) => [...list, ...onServer].slice(0, 8));
    setPending((list) => [...list, ...items]);
    for (const item of items) void send(item);
  }, [incoming]);
  // A new server reply (e.g. after a photo button without JS) brings a new list; same ids, same list.
  const initialKey = initial.map((p) => p.id).join(",");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the ids, not the array's identity
  useEffect(() => setPhotos(initial), [initialKey]);
  const full = photos.length + pending.length >= 8;

  async function send(item: Pending) {
    const update = (patch: Partial<Pending>) => setPending((list) => list.map((p) => (p.key === item.key ? { ...p, ...patch } : p)));
    if (!item.photo) return;
    try {
      update({ failed: false, error: undefined, percent: 0 });
      // Offline before the uploader's code ever came (no service worker yet), the import fails: the photo then shows "Thử lại".
      const { uploadPhoto } = await import("~/media/downscale.client");
      const outcome: UploadOutcome = await uploadPhoto(item.photo, (percent) => update({ percent }));
      setPending((list) => list.filter((p) => p.key !== item.key));
      setPhotos((list) => [...list, outcome].slice(0, 8));
    } catch (error) {
      update({ failed: true, error: (error as Error).message || undefined });
    }
  }

  async function onFiles(input: HTMLInputElement) {
    if (!input.files?.length) return;
    const files = Array.from(input.files).slice(0, Math.max(0, 8 - photos.length - pending.length));
    input.value = ""; // the shrunk copies are uploaded; the originals must not post with the form
    const items = files.map((file) => ({ file, item: { key: `${Date.now()}-${Math.random()}`, name: file.name, percent: 0, failed: false } satisfies Pending }));
    setPending((list) => [...list, ...items.map((i) => i.item)]);
    const downscalePhoto = await import("~/media/downscale.client").then((module) => module.downscalePhoto, () => null);
    for (const { file, item } of items) {
      // Shrinking must never leave a photo waiting with nothing said: at worst the original goes
      // (also when the shrinker's code cannot be fetched, offline before the service worker kept it).
      const original = { blob: file, name: file.name || "photo.jpg" };
      const photo = downscalePhoto ? await downscalePhoto(file).catch(() => original) : original;
      // The shrunk photo stays with the item: "Thử lại" resends it (issue 10 #1 found it kept nothing).
      setPending((list) => list.map((p) => (p.key === item.key ? { ...p, photo } : p)));
      void send({ ...item, photo });
    }
  }

  function move(id: string, to: "up" | "down" | "cover" | "remove") {
    setPhotos((list) => {
      const i = list.findIndex((p) => p.id === id);
      if (i < 0) return list;
      const next = [...list];
      const [item] = next.splice(i, 1);
      if (!item || to === "remove") return next;
      const at = to === "cover" ? 0 : to === "up" ? Math.max(0, i - 1) : Math.min(next.length, i + 1);
      next.splice(at, 0, item);
      return next;
    });
  }

  const button = (id: string, to: "up" | "down" | "cover" | "remove", label: string, className = "button--secondary") => (
    <button
      type="submit"
      name="intent"
      value={`photo:${to}:${id}`}
      formNoValidate
      className={`photo-button ${className}`}
      onClick={(e) => {
        if (!enhanced) return;
        e.preventDefault();
        move(id, to);
      }}
    >
      {label}
    </button>
  );

  return (
    <fieldset className="photo-picker">
      <legend>{t("listing.photos")}</legend>
      <ol className="photo-list">
        {photos.map((p, i) => (
          <li key={p.id}>
            <input type="hidden" name="photoIds" value={p.id} />
            <img src={p.thumb} alt="" width={120} height={90} style={{ backgroundImage: `url(${p.placeholder})` }} />
            {i === 0 ? <span className="badge">{t("listing.cover")}</span> : button(p.id, "cover", t("listing.makeCover"))}
            <span className="photo-actions">
              {i > 0 ? button(p.id, "up", "↑", "button--secondary") : null}
              {i < photos.length - 1 ? button(p.id, "down", "↓", "button--secondary") : null}
              {button(p.id, "remove", t("listing.deletePhoto"), "button--danger")}
            </span>
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.key} className="photo-pending" aria-live="polite">
            {p.failed ? (
              <>
                {typeof navigator !== "undefined" && !navigator.onLine ? (
                  <span className="hint">{t("listing.photoOffline")}</span>
                ) : (
                  <span className="error">{p.error ?? t("listing.uploadFailed")}</span>
                )}
                <button type="button" className="button--secondary" onClick={() => void send(p)}>
                  {t("listing.retry")}
                </button>
                <button type="button" className="button--danger" onClick={() => setPending((l) => l.filter((x) => x.key !== p.key))}>
                  {t("listing.deletePhoto")}
                </button>
              </>
            ) : p.photo ? (
              <progress max={100} value={p.percent} aria-label={t("listing.uploading", { percent: p.percent })} />
            ) : (
              <>
                <progress aria-label={t("listing.shrinking")} />
                <span className="hint">{t("listing.shrinking")}</span>
              </>
            )}
          </li>
        ))}
      </ol>
      {full ? null : (
        <div className="photo-inputs">
          <label className="button photo-input">
            {t("listing.takePhoto")}
            <input ref={cameraInput} type="file" name="photos" accept="image/*" capture="environment" onChange={(e) => void onFiles(e.currentTarget)} />
          </label>
          <label className="button button--secondary photo-input">
            {t("listing.choosePhotos")}
            <input ref={filesInput} type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/avif,image/heic" multiple onChange={(e) => void onFiles(e.currentTarget)} />
          </label>
        </div>
      )}
      <p className="hint">{t("listing.photoHint")}</p>
      {errors.length ? (
        <p className="error" role="alert" data-first-error tabIndex={-1}>
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

export function ListingForm(props: {
  result: Parameters<typeof useFormResult>[0];
  defaults: ListingDefaults;
  photos: PhotoThumb[];
  provinces: PlaceOption[];
  wards: PlaceOption[];
  members: { shopId: string; name: string }[] | null;
  claims: ClaimState[];
  mode: "new" | "edit";
  isDraft: boolean;
  /** The last submission never reached the server (no connection): nothing was saved. */
  unsent?: boolean;
}) {
  const { t, locale } = useI18n();
  const form = useFormResult(props.result);
  const d = props.defaults;
  const v = (name: keyof ListingDefaults, fallback = "") => form.value(name, (d[name] as string | undefined) ?? fallback);
  const checked = (name: "vietgap" | "organic") => (props.result?.initialValue ? form.value(name) === "on" : Boolean(d[name]));
  const busy = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  const priceConfirmed = form.value("confirmPrice") === "on";
  const priceToConfirm = priceConfirmed || form.errors("priceVnd").includes(t("listing.priceOutlier"));
  useFocusFirstError(formRef, props.result);
  // Publishing while a photo is still on its way waits for it, then sends (issue 10 #3: the photo
  // used to be left out silently). A photo that failed stops the wait with a message instead.
  const [uploads, setUploads] = useState<UploadState>(NO_UPLOADS);
  const [waitingFor, setWaitingFor] = useState<HTMLButtonElement | null>(null);
  const [photoProblem, setPhotoProblem] = useState(false);
  const onUploads = useCallback((state: UploadState) => setUploads(state), []);
  // Offline drafts (issue 14). The form's key is drawn afresh on the phone: a page the service
  // worker kept may carry a key already used, and that must not swallow this listing as a repeat.
  const [submissionKey, setSubmissionKey] = useState(v("submissionKey"));
  useEffect(() => {
    if (props.mode === "new" && !props.result) setSubmissionKey(newDraftKey());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the page comes alive
  }, []);
  const [kept, setKept] = useState(false);
  const [blank, setBlank] = useState(0); // bumped to empty the form after it was kept
  const [incoming, setIncoming] = useState<DraftPhoto[]>();
  const keepOffline = async (intent: string) => {
    const formElement = formRef.current;
    if (!formElement) return;
    const fields: [string, string][] = [];
    for (const [name, value] of new FormData(formElement)) {
      if (typeof value === "string" && name !== "submissionKey" && name !== "photoIds" && name !== "intent") fields.push([name, value]);
    }
    const photos: DraftPhoto[] = [
      ...uploads.uploaded.map((photo) => ({ blob: new Blob(), name: "", uploadedId: photo.id, thumb: photo.thumb, placeholder: photo.placeholder })),
      ...uploads.unsent.map((photo) => ({ blob: photo.blob, name: photo.name })),
    ];
    const key = newDraftKey();
    fields.push(["intent", intent], ["submissionKey", key]);
    const title = fields.find(([name]) => name === "title")?.[1] ?? "";
    await saveDraft({ key, title, savedAt: Date.now(), state: "waiting", fields, photos } satisfies ListingDraft);
    sendDraftsWhenOnline();
    setKept(true);
    setTitle("");
    setBlank((n) => n + 1);
    setSubmissionKey(newDraftKey());
    window.scrollTo({ top: 0 });
  };
  // "Mở lại" on a draft the server would not take: back into the form, to be fixed and sent.
  const openDraft = async (draft: ListingDraft) => {
    const formElement = formRef.current;
    if (!formElement) return;
    for (const [name, value] of draft.fields) {
      const field = formElement.elements.namedItem(name);
      if (name === "intent" || name === "submissionKey" || !field) continue;
      if (field instanceof HTMLInputElement && field.type === "checkbox") field.checked = value === "on";
      else if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement) field.value = value;
    }
    setTitle(draft.fields.find(([name]) => name === "title")?.[1] ?? "");
    setIncoming(draft.photos);
    setKept(false);
    await forgetDraft(draft.key);
  };
  useEffect(() => {
    if (uploads.failed === 0) setPhotoProblem(false);
    if (!waitingFor) return;
    if (props.mode === "new" && !navigator.onLine && uploads.shrinking === 0) {
      setWaitingFor(null);
      void keepOffline(waitingFor.value);
    } else if (uploads.failed > 0) {
      setPhotoProblem(true);
      setWaitingFor(null);
    } else if (uploads.uploading === 0) {
      // Rendered by now: the new photo's hidden input is in the form.
      setWaitingFor(null);
      formRef.current?.requestSubmit(waitingFor);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keepOffline reads the form as it is now
  }, [uploads, waitingFor]);
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const photoButton = submitter instanceof HTMLButtonElement && submitter.value.startsWith("photo:");
    if (photoButton || !(submitter instanceof HTMLButtonElement)) return;
    if (props.mode === "new" && !navigator.onLine) {
      // No connection: kept on the phone, sent when it is back (once a photo still shrinking is done).
      event.preventDefault();
      if (uploads.shrinking > 0) setWaitingFor(submitter);
      else void keepOffline(submitter.value);
    } else if (uploads.failed > 0) {
      event.preventDefault();
      setPhotoProblem(true);
    } else if (uploads.uploading > 0) {
      event.preventDefault();
      setWaitingFor(submitter);
    }
  };
  // The category the title suggests, shown beside it and updated as the farmer types (issue 10 #4).
  const [title, setTitle] = useState(v("title"));
  const guessed = title.trim() ? categoryName(guessCategory(title), locale) : null;
  const claim = (kind: ClaimState["kind"]) => {
    const c = props.claims.find((x) => x.kind === kind);
    if (!c) return null;
    const text = c.status === "rejected" ? t("claim.rejected", { reason: c.reason ?? "" }) : t(`claim.${c.status}`);
    return <p className={c.status === "rejected" ? "error" : "hint"}>{text}</p>;
  };
  return (
    <>
    {kept ? (
      <p className="notice" role="status">
        {t("drafts.kept")}
      </p>
    ) : null}
    {props.mode === "new" ? <WaitingDrafts onOpen={(draft) => void openDraft(draft)} /> : null}
    <Form key={blank} method="post" encType="multipart/form-data" className="stack listing-form" noValidate ref={formRef} onSubmit={onSubmit}>
      <FormErrors messages={form.formErrors()} />
      {props.mode === "new" ? <input type="hidden" name="submissionKey" value={submissionKey} /> : null}
      <PhotoPicker initial={blank ? [] : props.photos} errors={form.errors("photos")} onUploads={onUploads} incoming={incoming} />
      {props.members ? (
        <SelectField
          name="producerShopId"
          label={t("listing.producer")}
          defaultValue={v("producerShopId")}
          placeholder={t("listing.chooseProducer")}
          options={props.members.map((m) => ({ value: m.shopId, label: m.name }))}
          errors={form.errors("producerShopId")}
          required
        />
      ) : null}
      <TextField
        name="title"
        label={t("listing.title")}
        hint={t("listing.titleHint")}
        defaultValue={v("title")}
        errors={form.errors("title")}
        required
        maxLength={120}
        onChange={setTitle}
      />
      <div id="category">
        <SelectField
          name="category"
          label={t("listing.category")}
          defaultValue={v("category")}
          placeholder={guessed ? t("listing.categoryGuess", { name: guessed }) : t("listing.categoryAuto")}
          options={CATEGORIES.map((c) => ({ value: c.slug, label: c[locale] }))}
          errors={form.errors("category")}
        />
      </div>
      <div className="row-2">
        <TextField name="priceVnd" inputMode="text" label={t("listing.price")} defaultValue={v("priceVnd")} errors={form.errors("priceVnd")} required />
        <SelectField
          name="unit"
          label={t("listing.unit")}
          defaultValue={v("unit", "kg")}
          options={UNITS.map((u) => ({ value: u.code, label: locale === "vi" || u.vi === u.en ? u[locale] : `${u.en} (${u.vi})` }))}
          errors={form.errors("unit")}
        />
      </div>
      {priceToConfirm ? (
        <label className="check">
          <input type="checkbox" name="confirmPrice" defaultChecked={priceConfirmed} /> {t("listing.confirmPrice")}
        </label>
      ) : null}
      <TextField name="stock" inputMode="numeric" label={t("listing.stock")} defaultValue={v("stock")} errors={form.errors("stock")} required />
      <details className="more-details" open={form.hasErrors || props.mode === "edit"}>
        <summary>{t("listing.more")}</summary>
        <TextField name="weightGrams" inputMode="numeric" label={t("listing.weight")} hint={t("listing.weightHint")} defaultValue={v("weightGrams")} errors={form.errors("weightGrams")} />
        <TextField name="harvestDate" type="date" label={t("listing.harvestDate")} defaultValue={v("harvestDate")} errors={form.errors("harvestDate")} />
        <PlaceFieldset legend={t("listing.origin")} provinces={props.provinces} wards={props.wards} value={v} errors={form.errors} />
        <TextField name="description" label={t("listing.description")} defaultValue={v("description")} errors={form.errors("description")} multiline maxLength={4000} />
        <fieldset>
          <legend>{t("listing.certs")}</legend>
          <p className="hint">{t("listing.certsHint")}</p>
          <label className="check">
            <input type="checkbox" name="vietgap" defaultChecked={checked("vietgap")} /> {t("listing.vietgap")}
          </label>
          <TextField name="vietgapNumber" label={`${t("listing.vietgap")} — ${t("listing.certNumber")}`} defaultValue={v("vietgapNumber")} errors={form.errors("vietgapNumber")} maxLength={60} />
          {claim("vietgap")}
          <label className="check">
            <input type="checkbox" name="organic" defaultChecked={checked("organic")} /> {t("listing.organic")}
          </label>
          <TextField name="organicNumber" label={`${t("listing.organic")} — ${t("listing.certNumber")}`} defaultValue={v("organicNumber")} errors={form.errors("organicNumber")} maxLength={60} />
          {claim("organic")}
          <SelectField
            name="ocopStars"
            label={t("listing.ocop")}
            defaultValue={v("ocopStars")}
            placeholder={t("listing.ocopNone")}
            options={["3", "4", "5"].map((n) => ({ value: n, label: t("listing.stars", { n }) }))}
            errors={form.errors("ocopStars")}
          />
          <TextField name="ocopNumber" label={`OCOP — ${t("listing.certNumber")}`} defaultValue={v("ocopNumber")} errors={form.errors("ocopNumber")} maxLength={60} />
          {claim("ocop")}
        </fieldset>
      </details>
      {/* Beside the buttons, where a farmer on a phone is looking when she presses one. */}
      {props.unsent ? (
        <p className="notice notice--error" role="alert">
          {t("listing.unsent")}
        </p>
      ) : null}
      {waitingFor ? (
        <p className="notice" role="status">
          {t("listing.waitingForPhotos")}
        </p>
      ) : null}
      {photoProblem ? (
        <p className="error" role="alert">
          {t("listing.photoNotSent")}
        </p>
      ) : null}
      <div className="form-actions">
        {props.mode === "new" || props.isDraft ? (
          <>
            <button type="submit" name="intent" value="publish" disabled={busy}>
              {t("listing.publish")}
            </button>
            <button type="submit" name="intent" value="draft" className="button--secondary" disabled={busy}>
              {t("listing.saveDraft")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="save" disabled={busy}>
            {t("listing.save")}
          </button>
        )}
      </div>
    </Form>
    </>
  );
}
