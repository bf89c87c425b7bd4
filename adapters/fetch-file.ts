/**
 * Downloads a file a person sent in chat (a roster CSV), for the adapters whose platform hands
 * over a link rather than the bytes. Refuses more than `maxBytes` without reading it all, and
 * says "unreadable" for anything that is not the file itself.
 */
import { FileReadError } from '../src/core/errors.ts';

export async function fetchFile(url: string, maxBytes: number, headers: Record<string, string> = {}): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new FileReadError('unreadable', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new FileReadError('unreadable', `HTTP ${response.status}`);
  }
  // Slack answers a download it will not allow (no files:read scope) with its sign-in page.
  if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
    await response.body?.cancel();
    throw new FileReadError('unreadable', 'an HTML page came back instead of the file');
  }
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw new FileReadError('too_large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > maxBytes) throw new FileReadError('too_large');
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
