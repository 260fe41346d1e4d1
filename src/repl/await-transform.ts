/**
 * Top-level `await` in the REPL, the way Node's REPL does it (lib/internal/repl/await.js): input with an
 * `await` outside any function is wrapped in an async arrow function, and its top-level declarations are
 * hoisted out of it (`const x = await f()` → `let x; (async () => { void (x = await f()); })()`) so they
 * persist on the global scope like those of other inputs. The last expression statement's value is
 * returned as `{ value }`, so a promise value is shown as a promise rather than awaited.
 */
import { type Node, parse } from 'acorn';

const WRAP_PREFIX = '(async () => { ';
const WRAP_SUFFIX = '\n})()';

interface TransformState {
  body: Node;
  ancestors: Node[];
  hoisted: string[];
  /** The wrapped source, one string per UTF-16 code unit (acorn's offsets), edited in place. */
  chars: string[];
  containsAwait: boolean;
  containsReturn: boolean;
}

type AnyNode = Node & Record<string, unknown>;

function isNode(value: unknown): value is AnyNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

function children(node: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc') continue;
    if (Array.isArray(value)) found.push(...value.filter(isNode));
    else if (isNode(value)) found.push(value);
  }
  return found;
}

function prepend(state: TransformState, node: Node, text: string): void {
  state.chars[node.start] = text + state.chars[node.start];
}

function append(state: TransformState, node: Node, text: string): void {
  state.chars[node.end - 1] += text;
}

function replace(state: TransformState, from: number, to: number, text: string): void {
  for (let i = from; i < to; i++) state.chars[i] = '';
  state.chars[from] = from === to ? text + state.chars[from] : text;
}

const isTopLevel = (state: TransformState) => state.ancestors.at(-2) === state.body;

/** Names bound by a declaration's pattern (`{ a, b: [c], ...d }` → a, c, d). */
function boundNames(pattern: AnyNode | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name as string];
    case 'ObjectPattern':
      return (pattern.properties as AnyNode[]).flatMap((property) =>
        boundNames((property.type === 'RestElement' ? property.argument : property.value) as AnyNode),
      );
    case 'ArrayPattern':
      return (pattern.elements as Array<AnyNode | null>).flatMap(boundNames);
    case 'AssignmentPattern':
      return boundNames(pattern.left as AnyNode);
    case 'RestElement':
      return boundNames(pattern.argument as AnyNode);
    default:
      return [];
  }
}

/** `let`/`const`/`class` at the top level and every `var` become assignments to hoisted bindings. */
function hoistVariables(state: TransformState, node: AnyNode): void {
  const kind = node.kind as 'var' | 'let' | 'const';
  const parentType = state.ancestors.at(-2)?.type;
  const inForInOf = parentType === 'ForOfStatement' || parentType === 'ForInStatement';
  if (kind !== 'var' && !isTopLevel(state)) return;
  const declarations = node.declarations as AnyNode[];
  const keywordEnd = node.start + kind.length + (inForInOf ? 1 : 0);
  replace(
    state,
    node.start,
    keywordEnd,
    kind === 'var' && inForInOf ? '' : `void${declarations.length === 1 ? '' : ' ('}`,
  );
  if (!inForInOf) {
    for (const declaration of declarations) {
      prepend(state, declaration, '(');
      append(state, declaration, declaration.init ? ')' : '=undefined)');
    }
    const last = declarations.at(-1);
    if (declarations.length !== 1 && last) append(state, last, ')');
  }
  const names = declarations.flatMap((declaration) => boundNames(declaration.id as AnyNode));
  if (names.length > 0) state.hoisted.push(`${kind === 'var' ? 'var' : 'let'} ${names.join(', ')}; `);
}

function visit(state: TransformState, node: AnyNode): void {
  state.ancestors.push(node);
  let descend = true;
  switch (node.type) {
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'MethodDefinition':
      descend = false;
      break;
    case 'FunctionDeclaration': {
      const name = (node.id as AnyNode).name as string;
      prepend(state, node, `this.${name} = ${name}; `);
      state.hoisted.push(`var ${name}; `);
      descend = false;
      break;
    }
    case 'ClassDeclaration':
      if (isTopLevel(state)) {
        const name = (node.id as AnyNode).name as string;
        prepend(state, node, `${name}=`);
        state.hoisted.push(`let ${name}; `);
      }
      break;
    case 'AwaitExpression':
      state.containsAwait = true;
      break;
    case 'ForOfStatement':
      if (node.await === true) state.containsAwait = true;
      break;
    case 'ReturnStatement':
      state.containsReturn = true;
      break;
    case 'VariableDeclaration':
      hoistVariables(state, node);
      break;
  }
  if (descend) for (const child of children(node)) visit(state, child);
  state.ancestors.pop();
}

/**
 * The input rewritten for top-level `await`, or undefined when it has none (or cannot be parsed: then
 * it is evaluated as it is, and V8 reports the syntax error).
 */
export function transformTopLevelAwait(source: string): string | undefined {
  if (!source.includes('await')) return undefined;
  const wrapped = `${WRAP_PREFIX}${source}${WRAP_SUFFIX}`;
  let root: AnyNode;
  try {
    root = parse(wrapped, { ecmaVersion: 'latest' }) as unknown as AnyNode;
  } catch {
    return undefined;
  }
  const statement = (root.body as AnyNode[])[0] as AnyNode;
  const call = statement.expression as AnyNode;
  const body = (call.callee as AnyNode).body as AnyNode;
  const state: TransformState = {
    body,
    ancestors: [],
    hoisted: [],
    chars: wrapped.split(''),
    containsAwait: false,
    containsReturn: false,
  };
  visit(state, body);
  // No await outside functions after all, or a top-level `return` (not allowed in a script either).
  if (!state.containsAwait || state.containsReturn) return undefined;
  const last = (body.body as AnyNode[]).at(-1);
  if (last?.type === 'ExpressionStatement') {
    prepend(state, last, 'return { value: (');
    append(state, last.expression as AnyNode, ') }');
  }
  return state.hoisted.join('') + state.chars.join('');
}
