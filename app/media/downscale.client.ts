/**
 * In-browser downscaling before upload: farmers pay for every kilobyte on 3G. The long edge
 * becomes at most 1600 px and the JPEG at most 400 KB; EXIF orientation is applied while
 * decoding, so the server gets an upright photo without metadata.
 */
const MAX_EDGE = 1600;
const MAX_BYTES = 400 * 1024;

export async function downscalePhoto(file: File): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file; // a format the browser cannot decode (e.g. HEIC): the server explains what to do
  }
  const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return file;
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  for (const quality of [0.85, 0.75, 0.65, 0.55, 0.45]) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
    if (blob && (blob.size <= MAX_BYTES || quality === 0.45)) return blob;
  }
  return file;
}

export interface UploadOutcome {
  id: string;
  thumb: string;
  placeholder: string;
}

/** Uploads one photo with progress; rejects with the server's message (already translated). */
export function uploadPhoto(blob: Blob, onProgress: (percent: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append("photo", blob, "photo.jpg");
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
    xhr.send(body);
  });
}
