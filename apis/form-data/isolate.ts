// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * FormData per XHR §5 ("Interface FormData"): an ordered entry list of (name, string or File).
 * Blob values become Files ("blob" unless a filename is given), as "create an entry" says.
 * Parsing and serialising bodies live in isolate-multipart.ts and isolate-urlencoded.ts.
 */
import { type Blob, blobBytes, blobType, createFile, type File, isBlob, isFile } from '../blob/isolate.ts';
import { definePairIterable } from '../fetch/isolate-pair-iterable.ts';
import {
  type Context,
  defineInterface,
  isObject,
  requireArguments,
  toUSVString,
  typeError,
} from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';

export interface Entry {
  readonly name: string;
  readonly value: string | File;
}

let entriesOf: (formData: FormData) => Entry[];
let isFormDataObject: (value: object) => boolean;

export class FormData {
  #entries: Entry[] = [];

  constructor(form: unknown = undefined, submitter: unknown = undefined) {
    // Workers has no HTML forms: the only acceptable `form` is none.
    if (form !== undefined || submitter !== undefined) {
      throw typeError({ interface: 'FormData' }, "parameter 1 is not of type 'HTMLFormElement'.");
    }
  }

  append(name: unknown, value: unknown, filename: unknown = undefined): void {
    const context = { interface: 'FormData', operation: 'append' };
    const entries = checkedEntries(this, context);
    requireArguments(arguments.length, 2, context);
    entries.push(createEntry(name, value, filename, arguments.length, context));
  }

  delete(name: unknown): void {
    const context = { interface: 'FormData', operation: 'delete' };
    const entries = checkedEntries(this, context);
    requireArguments(arguments.length, 1, context);
    const key = toUSVString(name);
    let kept = 0;
    for (const entry of entries) if (entry.name !== key) entries[kept++] = entry;
    entries.length = kept;
  }

  get(name: unknown): string | File | null {
    const context = { interface: 'FormData', operation: 'get' };
    const entries = checkedEntries(this, context);
    requireArguments(arguments.length, 1, context);
    const key = toUSVString(name);
    return entries.find((entry) => entry.name === key)?.value ?? null;
  }

  getAll(name: unknown): (string | File)[] {
    const context = { interface: 'FormData', operation: 'getAll' };
    const entries = checkedEntries(this, context);
    requireArguments(arguments.length, 1, context);
    const key = toUSVString(name);
    return entries.filter((entry) => entry.name === key).map((entry) => entry.value);
  }

  has(name: unknown): boolean {
    const context = { interface: 'FormData', operation: 'has' };
    const entries = checkedEntries(this, context);
    requireArguments(arguments.length, 1, context);
    const key = toUSVString(name);
    return entries.some((entry) => entry.name === key);
  }

  set(name: unknown, value: unknown, filename: unknown = undefined): void {
    const context = { interface: 'FormData', operation: 'set' };
    const entries = checkedEntries(this, context);
    requireArguments(arguments.length, 2, context);
    const entry = createEntry(name, value, filename, arguments.length, context);
    const index = entries.findIndex((existing) => existing.name === entry.name);
    if (index === -1) {
      entries.push(entry);
      return;
    }
    entries[index] = entry;
    let kept = index + 1;
    for (let i = index + 1; i < entries.length; i++) {
      const existing = entries[i] as Entry;
      if (existing.name !== entry.name) entries[kept++] = existing;
    }
    entries.length = kept;
  }

  static {
    entriesOf = (formData) => formData.#entries;
    isFormDataObject = (value) => #entries in value;
  }
}

defineInterface(FormData, 'FormData');
definePairIterable(FormData, (target, context) =>
  checkedEntries(target, context).map((entry) => [entry.name, entry.value] as const),
);

function checkedEntries(value: unknown, context: Context): Entry[] {
  if (!isFormData(value)) throw typeError(context, 'Illegal invocation');
  return entriesOf(value);
}

/**
 * Web IDL overload resolution between append(name, value) and append(name, blobValue, filename),
 * then XHR "create an entry".
 */
function createEntry(
  name: unknown,
  value: unknown,
  filename: unknown,
  argumentCount: number,
  context: Context,
): Entry {
  const entryName = toUSVString(name);
  if (!isBlob(value)) {
    if (argumentCount > 2) throw typeError(context, "parameter 2 is not of type 'Blob'.");
    return { name: entryName, value: toUSVString(value) };
  }
  return {
    name: entryName,
    value: toFile(value, filename === undefined ? undefined : toUSVString(filename)),
  };
}

function toFile(blob: Blob, filename: string | undefined): File {
  if (isFile(blob)) {
    if (filename === undefined) return blob;
    return createFile(blobBytes(blob), filename, blobType(blob), blob.lastModified);
  }
  return createFile(blobBytes(blob), filename ?? 'blob', blobType(blob));
}

export function isFormData(value: unknown): value is FormData {
  return isObject(value) && isFormDataObject(value);
}

/** The entry list, shared: callers must not modify it. */
export function formDataEntries(formData: FormData): readonly Entry[] {
  return entriesOf(formData);
}

/** A FormData over entries the implementation built (parsed bodies). */
export function formDataFromEntries(entries: Entry[]): FormData {
  const formData = new FormData();
  const list = entriesOf(formData);
  for (const entry of entries) list.push(entry);
  return formData;
}

export { parseMultipart, serializeMultipart } from './isolate-multipart.ts';
export { parseUrlencoded } from './isolate-urlencoded.ts';

export function install(scope: IsolateScope): void {
  scope.defineGlobal('FormData', FormData);
}
