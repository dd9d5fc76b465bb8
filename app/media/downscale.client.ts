/**
 * In-browser downscaling before upload: farmers pay for every kilobyte on 3G (at 250 kbps up,
 * 400 KB is 13 s). The long edge becomes at most 1600 px and the photo at most 150 KB: WebP where
 * the browser encodes it (every Chromium, Safari 17+), JPEG otherwise. EXIF orientation is applied
 * while decoding, so the server gets an upright photo without metadata. Decoding and encoding
 * run off the page's thread (createImageBitmap, toBlob), so a slow phone keeps showing progress.
 */
const MAX_EDGE = 1600;
const MAX_BYTES = 150 * 1024;
const QUALITIES = [0.8, 0.7, 0.6, 0.5, 0.42];

export interface Downscaled {
  blob: Blob;
  /** The file name it is sent under: its real format's extension. */
  name: string;
}

const nameFor = (blob: Blob) => (blob.type === "image/webp" ? "photo.webp" : "photo.jpg");

function encode(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/** The photo, smaller; the original when the browser cannot decode it (HEIC: the server explains what to do). */
export async function downscalePhoto(file: File): Promise<Downscaled> {
  const original = { blob: file, name: file.name || "photo.jpg" };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return original;
  }
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const context = canvas.getContext("2d");
  if (!context) return original;
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  let smallest: Blob | null = null;
  try {
    for (const type of ["image/webp", "image/jpeg"]) {
      for (const quality of QUALITIES) {
        const blob = await encode(canvas, type, quality);
        // A browser that cannot write WebP hands back a PNG: go on to JPEG.
        if (!blob || blob.type !== type) break;
        if (!smallest || blob.size < smallest.size) smallest = blob;
        if (blob.size <= MAX_BYTES) return { blob, name: nameFor(blob) };
      }
      if (smallest) break;
    }
  } finally {
    canvas.width = 0; // frees the pixels now, not at the next collection (cheap phones run out)
  }
  if (smallest && smallest.size < file.size) return { blob: smallest, name: nameFor(smallest) };
  return original;
}

export interface UploadOutcome {
  id: string;
  thumb: string;
  placeholder: string;
}

/** Uploads one photo with progress; rejects with the server's message (already translated). */
export function uploadPhoto(photo: Downscaled, onProgress: (percent: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append("photo", photo.blob, photo.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/media/upload");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const data = xhr.response as (UploadOutcome & { error?: string }) | null;
      if (xhr.status === 200 && data?.id) resolve(data);
      else reject(new Error(data?.error ?? ""));
    };
    xhr.onerror = () => reject(new Error(""));
    // A connection that stops moving on 3G: say so (and offer "Thử lại") rather than wait for ever.
    xhr.timeout = 180_000;
    xhr.ontimeout = () => reject(new Error(""));
    xhr.send(body);
  });
}
