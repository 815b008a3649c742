/**
 * Writes and reads workshop files at a path the user already chose in a native
 * dialog. Plain Node, so it is tested on a temporary folder.
 * It never picks the path itself, never parses the workshop (the renderer
 * validates it with shared/pipeline/workshopFile.ts), never leaves a
 * half-written file behind, and never throws: every failure becomes a readable
 * `failed` result.
 */
import { randomBytes } from 'node:crypto';
// `promises` from 'node:fs' so that Electron's asar patches apply (see staticFiles.ts).
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import {
  MAX_WORKSHOP_FILE_BYTES,
  WORKSHOP_FILE_EXTENSION,
} from '../../shared/pipeline/workshopFile.js';
import type { OpenWorkshopFileResult, SaveWorkshopFileResult } from '../../shared/ipc/contract.js';
import { safeFileNamePart } from '../../shared/pipeline/fileName.js';

const READ_CHUNK_BYTES = 1024 * 1024;

/** The longest name (before the extension) the save dialog is offered, in UTF-8 bytes. */
const MAX_BASE_NAME_BYTES = 200;

/**
 * The save dialog's default name for a suggested one: `retro` and `retro.json` both become
 * `retro.debrief.json`; an empty name becomes `workshop.debrief.json`. The name goes through
 * the same rules as the renderer's (shared/pipeline/fileName.ts), so whatever the renderer
 * suggested, the dialog never starts from a name the disk would refuse or display misleadingly.
 */
export function withWorkshopExtension(name: string): string {
  const trimmed = name.trim();
  const lower = trimmed.toLowerCase();
  // A name that already ends in the extension keeps it as written (`Retro.DEBRIEF.JSON`).
  const [base, extension] = lower.endsWith(WORKSHOP_FILE_EXTENSION)
    ? [
        trimmed.slice(0, -WORKSHOP_FILE_EXTENSION.length),
        trimmed.slice(-WORKSHOP_FILE_EXTENSION.length),
      ]
    : [
        lower.endsWith('.json') ? trimmed.slice(0, -'.json'.length) : trimmed,
        WORKSHOP_FILE_EXTENSION,
      ];
  return `${safeFileNamePart(base, MAX_BASE_NAME_BYTES) || 'workshop'}${extension}`;
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

function describeWriteError(error: unknown, fileName: string, directory: string): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return `Debrief is not allowed to save "${fileName}" in ${directory}. Choose another folder.`;
    case 'ENOENT':
    case 'ENOTDIR':
      return `The folder ${directory} does not exist. Choose another folder.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `There is not enough disk space to save "${fileName}".`;
    case 'EROFS':
      return `${directory} is read-only. Choose another folder.`;
    case 'EISDIR':
      return `"${fileName}" is a folder. Choose a file name instead.`;
    case 'ENAMETOOLONG':
      return `The name "${fileName}" is too long for this disk. Choose a shorter name.`;
    case 'EBUSY':
      return `"${fileName}" is in use by another program. Close it there and try again.`;
    default:
      return `"${fileName}" could not be saved: ${errorMessage(error)}`;
  }
}

function describeReadError(error: unknown, fileName: string): string {
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `"${fileName}" does not exist any more. It may have been moved or deleted.`;
    case 'EACCES':
    case 'EPERM':
      return `Debrief is not allowed to read "${fileName}".`;
    case 'EISDIR':
      return `"${fileName}" is a folder, not a workshop file.`;
    case 'EBUSY':
      return `"${fileName}" is in use by another program. Close it there and try again.`;
    default:
      return `"${fileName}" could not be opened: ${errorMessage(error)}`;
  }
}

function tooLargeMessage(fileName: string, size: number, maxBytes: number): string {
  return `"${fileName}" is ${formatMegabytes(size)}; Debrief opens workshop files of up to ${formatMegabytes(maxBytes)}.`;
}

/**
 * Saves atomically: the contents go to a temporary file in the same folder,
 * are flushed to disk, and only then renamed over the target. A crash or a
 * full disk leaves either the old file or the new one, never a truncated mix.
 */
export function writeWorkshopFile(
  filePath: string,
  contents: string,
): Promise<SaveWorkshopFileResult> {
  return writeFileAtomically(filePath, contents);
}

/**
 * The atomic write behind `writeWorkshopFile`, for text (written as UTF-8) or bytes;
 * exported for the other files the shell saves (figures, electron/services/figureFiles.ts).
 */
export async function writeFileAtomically(
  filePath: string,
  contents: string | Uint8Array,
): Promise<SaveWorkshopFileResult> {
  const directory = path.dirname(filePath);
  const fileName = path.basename(filePath);
  // Hidden, unique and short enough for any file system's name limit.
  const tempPath = path.join(
    directory,
    `.${fileName.slice(0, 80)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(tempPath, 'wx');
    await (typeof contents === 'string'
      ? handle.writeFile(contents, 'utf8')
      : handle.writeFile(contents));
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tempPath, filePath);
    return { status: 'saved', fileName };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tempPath, { force: true }).catch(() => undefined);
    return { status: 'failed', message: describeWriteError(error, fileName, directory) };
  }
}

/** Reads at most `limit + 1` bytes, so a file that grew after `stat` is still caught without reading all of it. */
async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, limit + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > limit) break;
  }
  return Buffer.concat(chunks, total);
}

/**
 * Opens a workshop file as UTF-8 text. Files over `maxBytes` are refused
 * after a `stat`, before a single byte is read.
 */
export async function readWorkshopFile(
  filePath: string,
  maxBytes: number = MAX_WORKSHOP_FILE_BYTES,
): Promise<OpenWorkshopFileResult> {
  const fileName = path.basename(filePath);
  let handle: FileHandle | undefined;
  try {
    const stats = await fs.stat(filePath);
    // Also keeps FIFOs and devices out: opening those could block forever.
    if (!stats.isFile()) {
      return { status: 'failed', message: `"${fileName}" is not a regular file.` };
    }
    if (stats.size > maxBytes) {
      return { status: 'failed', message: tooLargeMessage(fileName, stats.size, maxBytes) };
    }
    handle = await fs.open(filePath, 'r');
    const bytes = await readAtMost(handle, maxBytes);
    if (bytes.byteLength > maxBytes) {
      return { status: 'failed', message: tooLargeMessage(fileName, bytes.byteLength, maxBytes) };
    }
    // Decoded as a browser's File.text() does (invalid bytes become U+FFFD), not refused
    // here: the renderer's readWorkshopFile then tells a picture from a UTF-16 or a
    // Windows-1252 file, in the same words in both modes, and no damaged file gets
    // through, since every record and hash is checked after decoding.
    const contents = new TextDecoder('utf-8').decode(bytes);
    return { status: 'opened', fileName, contents, byteLength: bytes.byteLength };
  } catch (error) {
    return { status: 'failed', message: describeReadError(error, fileName) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
