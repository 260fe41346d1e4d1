/**
 * DOMException per Web IDL §2.8.1 ("DOMException"): the error class every Web API family throws
 * (AbortError, DataCloneError, QuotaExceededError, …), with the legacy code table.
 * Other families import `DOMException` from here rather than reading the global, which a tenant may replace.
 */
import { defineInterface } from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';

/** Web IDL §2.8.1 "Error names": every name a DOMException is thrown with, and its legacy code (or 0). */
const ERROR_NAMES: Readonly<Record<string, number>> = {
  IndexSizeError: 1,
  HierarchyRequestError: 3,
  WrongDocumentError: 4,
  InvalidCharacterError: 5,
  NoModificationAllowedError: 7,
  NotFoundError: 8,
  NotSupportedError: 9,
  InUseAttributeError: 10,
  InvalidStateError: 11,
  SyntaxError: 12,
  InvalidModificationError: 13,
  NamespaceError: 14,
  InvalidAccessError: 15,
  TypeMismatchError: 17,
  SecurityError: 18,
  NetworkError: 19,
  AbortError: 20,
  URLMismatchError: 21,
  QuotaExceededError: 22,
  TimeoutError: 23,
  InvalidNodeTypeError: 24,
  DataCloneError: 25,
  EncodingError: 0,
  NotReadableError: 0,
  UnknownError: 0,
  ConstraintError: 0,
  DataError: 0,
  TransactionInactiveError: 0,
  ReadOnlyError: 0,
  VersionError: 0,
  OperationError: 0,
  NotAllowedError: 0,
  OptOutError: 0,
};

/** True for a name in Web IDL's error names table (what other families throw DOMExceptions with). */
export function isErrorName(name: string): boolean {
  return Object.hasOwn(ERROR_NAMES, name);
}

const CONSTANTS = {
  INDEX_SIZE_ERR: 1,
  DOMSTRING_SIZE_ERR: 2,
  HIERARCHY_REQUEST_ERR: 3,
  WRONG_DOCUMENT_ERR: 4,
  INVALID_CHARACTER_ERR: 5,
  NO_DATA_ALLOWED_ERR: 6,
  NO_MODIFICATION_ALLOWED_ERR: 7,
  NOT_FOUND_ERR: 8,
  NOT_SUPPORTED_ERR: 9,
  INUSE_ATTRIBUTE_ERR: 10,
  INVALID_STATE_ERR: 11,
  SYNTAX_ERR: 12,
  INVALID_MODIFICATION_ERR: 13,
  NAMESPACE_ERR: 14,
  INVALID_ACCESS_ERR: 15,
  VALIDATION_ERR: 16,
  TYPE_MISMATCH_ERR: 17,
  SECURITY_ERR: 18,
  NETWORK_ERR: 19,
  ABORT_ERR: 20,
  URL_MISMATCH_ERR: 21,
  QUOTA_EXCEEDED_ERR: 22,
  TIMEOUT_ERR: 23,
  INVALID_NODE_TYPE_ERR: 24,
  DATA_CLONE_ERR: 25,
} as const;

const state = new WeakMap<object, { name: string; message: string }>();

function internals(value: unknown, member: string): { name: string; message: string } {
  const slots = typeof value === 'object' && value !== null ? state.get(value) : undefined;
  if (!slots) throw new TypeError(`Failed to read '${member}': receiver is not a DOMException`);
  return slots;
}

export class DOMException extends Error {
  constructor(message: unknown = '', options: unknown = 'Error') {
    // Web IDL DOMString: ToString, which throws a TypeError for a symbol (String() would not).
    const text = `${message as string}`;
    // V8 writes the stack's first line from the message given to Error itself, not the `message` getter.
    super(text);
    let name = 'Error';
    if (typeof options === 'object' && options !== null) {
      const { name: optionName, cause } = options as { name?: unknown; cause?: unknown };
      if (optionName !== undefined) name = `${optionName as string}`;
      if ('cause' in options) {
        Object.defineProperty(this, 'cause', { value: cause, writable: true, configurable: true });
      }
    } else if (options !== undefined) {
      name = `${options as string}`;
    }
    state.set(this, { name, message: text });
    // Error's own `message` would shadow the accessor on the prototype.
    delete (this as { message?: string }).message;
  }

  override get name(): string {
    return internals(this, 'name').name;
  }

  override get message(): string {
    return internals(this, 'message').message;
  }

  get code(): number {
    return ERROR_NAMES[internals(this, 'code').name] ?? 0;
  }
}

for (const [constant, value] of Object.entries(CONSTANTS)) {
  const descriptor = { value, enumerable: true };
  Object.defineProperty(DOMException, constant, descriptor);
  Object.defineProperty(DOMException.prototype, constant, descriptor);
}
defineInterface(DOMException, 'DOMException');

export function install(scope: IsolateScope): void {
  scope.defineGlobal('DOMException', DOMException);
}
