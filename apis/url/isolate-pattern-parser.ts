/**
 * URL Pattern Standard §2 "Pattern strings": the tokenizer (strict policy), the parser that turns one
 * component's pattern string into a part list, and "generate a regular expression and name list". The
 * host has already validated and canonicalized the pattern strings, so the parser's encoding callback is
 * the identity: canonical pattern strings parse back to the same parts (that is what "generate a pattern
 * string" guarantees).
 */

type TokenType =
  | 'open'
  | 'close'
  | 'regexp'
  | 'name'
  | 'char'
  | 'escaped-char'
  | 'other-modifier'
  | 'asterisk'
  | 'end';

interface Token {
  type: TokenType;
  value: string;
}

type PartType = 'fixed-text' | 'regexp' | 'segment-wildcard' | 'full-wildcard';

/** "none" is the empty string, so a modifier is also its own regular-expression suffix. */
type Modifier = '' | '?' | '*' | '+';

export interface Part {
  type: PartType;
  value: string;
  modifier: Modifier;
  name: string;
  prefix: string;
  suffix: string;
}

/** §2.1 "options": what separates segments and what may precede a named group without braces. */
export interface PatternOptions {
  delimiter: string;
  prefix: string;
}

export const DEFAULT_OPTIONS: PatternOptions = { delimiter: '', prefix: '' };
export const HOSTNAME_OPTIONS: PatternOptions = { delimiter: '.', prefix: '' };
export const PATHNAME_OPTIONS: PatternOptions = { delimiter: '/', prefix: '/' };

const FULL_WILDCARD = '.*';
const NAME_START = /^[$_\p{ID_Start}]$/u;
const NAME_CONTINUE = /^(?:[$_\p{ID_Continue}]|\u200C|\u200D)$/u;

function invalid(input: string, message: string, index: number): TypeError {
  return new TypeError(`Invalid pattern '${input}': ${message} at index ${index}.`);
}

function codePointLength(input: string, index: number): number {
  return (input.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
}

/** The end of the regexp group whose "(" is at `open`, per the tokenizer's "(" steps. */
function regexpGroupEnd(input: string, open: number): number {
  let depth = 1;
  let position = open + 1;
  while (position < input.length) {
    const char = input[position];
    if (input.charCodeAt(position) > 0x7f)
      throw invalid(input, 'non-ASCII character in a regexp group', position);
    if (position === open + 1 && char === '?')
      throw invalid(input, 'a regexp group starting with "?"', position);
    if (char === '\\') {
      if (position === input.length - 1 || input.charCodeAt(position + 1) > 0x7f) {
        throw invalid(input, 'bad escape in a regexp group', position);
      }
      position += 2;
      continue;
    }
    if (char === ')' && --depth === 0) return position;
    if (char === '(') {
      depth++;
      if (input[position + 1] !== '?')
        throw invalid(input, 'a capturing group inside a regexp group', position);
    }
    position++;
  }
  throw invalid(input, 'an unterminated regexp group', open);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index];
    if (char === '*' || char === '+' || char === '?') {
      tokens.push({ type: char === '*' ? 'asterisk' : 'other-modifier', value: char });
      index++;
    } else if (char === '{' || char === '}') {
      tokens.push({ type: char === '{' ? 'open' : 'close', value: char });
      index++;
    } else if (char === '\\') {
      if (index === input.length - 1) throw invalid(input, 'a trailing "\\"', index);
      const length = codePointLength(input, index + 1);
      tokens.push({ type: 'escaped-char', value: input.slice(index + 1, index + 1 + length) });
      index += 1 + length;
    } else if (char === ':') {
      let end = index + 1;
      while (end < input.length) {
        const codePoint = String.fromCodePoint(input.codePointAt(end) ?? 0);
        if (!(end === index + 1 ? NAME_START : NAME_CONTINUE).test(codePoint)) break;
        end += codePoint.length;
      }
      if (end === index + 1) throw invalid(input, 'a missing parameter name', index);
      tokens.push({ type: 'name', value: input.slice(index + 1, end) });
      index = end;
    } else if (char === '(') {
      const close = regexpGroupEnd(input, index);
      if (close === index + 1) throw invalid(input, 'an empty regexp group', index);
      tokens.push({ type: 'regexp', value: input.slice(index + 1, close) });
      index = close + 1;
    } else {
      const length = codePointLength(input, index);
      tokens.push({ type: 'char', value: input.slice(index, index + length) });
      index += length;
    }
  }
  tokens.push({ type: 'end', value: '' });
  return tokens;
}

const REGEXP_SYNTAX = /[.+*?^${}()[\]|/\\]/g;

/** §2.4 "escape a regexp string". */
function escapeRegexp(text: string): string {
  return text.replace(REGEXP_SYNTAX, '\\$&');
}

function segmentWildcard(options: PatternOptions): string {
  return `[^${escapeRegexp(options.delimiter)}]+?`;
}

function fixedText(value: string, modifier: Modifier): Part {
  return { type: 'fixed-text', value, modifier, name: '', prefix: '', suffix: '' };
}

/** §2.2 "parse a pattern string", with the identity as encoding callback. */
export function parsePatternString(input: string, options: PatternOptions): Part[] {
  const tokens = tokenize(input);
  const parts: Part[] = [];
  const segmentWildcardRegexp = segmentWildcard(options);
  let pendingFixedValue = '';
  let index = 0;
  let nextNumericName = 0;

  const tryConsume = (type: TokenType): Token | null => {
    const token = tokens[index];
    if (token?.type !== type) return null;
    index++;
    return token;
  };
  const tryConsumeRegexpOrWildcard = (name: Token | null) =>
    tryConsume('regexp') ?? (name === null ? tryConsume('asterisk') : null);
  const tryConsumeModifier = () => tryConsume('other-modifier') ?? tryConsume('asterisk');
  const consumeText = () => {
    let text = '';
    for (let token = tryConsume('char') ?? tryConsume('escaped-char'); token; ) {
      text += token.value;
      token = tryConsume('char') ?? tryConsume('escaped-char');
    }
    return text;
  };
  const addPendingFixedValue = () => {
    if (pendingFixedValue === '') return;
    parts.push(fixedText(pendingFixedValue, ''));
    pendingFixedValue = '';
  };
  const addPart = (
    prefix: string,
    name: Token | null,
    regexp: Token | null,
    suffix: string,
    modifier: Token | null,
  ) => {
    const modifierValue = (modifier?.value ?? '') as Modifier;
    if (name === null && regexp === null && modifierValue === '') {
      pendingFixedValue += prefix;
      return;
    }
    addPendingFixedValue();
    if (name === null && regexp === null) {
      if (prefix !== '') parts.push(fixedText(prefix, modifierValue));
      return;
    }
    let value =
      regexp === null ? segmentWildcardRegexp : regexp.type === 'asterisk' ? FULL_WILDCARD : regexp.value;
    let type: PartType = 'regexp';
    if (value === segmentWildcardRegexp) type = 'segment-wildcard';
    else if (value === FULL_WILDCARD) type = 'full-wildcard';
    if (type !== 'regexp') value = '';
    const partName = name === null ? String(nextNumericName++) : name.value;
    if (parts.some((part) => part.name === partName))
      throw invalid(input, `a duplicate name "${partName}"`, index);
    parts.push({ type, value, modifier: modifierValue, name: partName, prefix, suffix });
  };

  while (index < tokens.length) {
    const char = tryConsume('char');
    const name = tryConsume('name');
    const regexp = tryConsumeRegexpOrWildcard(name);
    if (name !== null || regexp !== null) {
      let prefix = char?.value ?? '';
      if (prefix !== '' && prefix !== options.prefix) {
        pendingFixedValue += prefix;
        prefix = '';
      }
      addPendingFixedValue();
      addPart(prefix, name, regexp, '', tryConsumeModifier());
      continue;
    }
    const fixed = char ?? tryConsume('escaped-char');
    if (fixed !== null) {
      pendingFixedValue += fixed.value;
      continue;
    }
    if (tryConsume('open') !== null) {
      const prefix = consumeText();
      const groupName = tryConsume('name');
      const groupRegexp = tryConsumeRegexpOrWildcard(groupName);
      const suffix = consumeText();
      if (tryConsume('close') === null) throw invalid(input, 'a "{" without its "}"', index);
      addPart(prefix, groupName, groupRegexp, suffix, tryConsumeModifier());
      continue;
    }
    addPendingFixedValue();
    if (tryConsume('end') === null) throw invalid(input, `an unexpected "${tokens[index]?.value}"`, index);
  }
  return parts;
}

/** §2.3 "generate a regular expression and name list". */
export function generateRegexp(
  parts: readonly Part[],
  options: PatternOptions,
): { source: string; names: string[] } {
  let source = '^';
  const names: string[] = [];
  for (const part of parts) {
    const { modifier } = part;
    if (part.type === 'fixed-text') {
      source += modifier === '' ? escapeRegexp(part.value) : `(?:${escapeRegexp(part.value)})${modifier}`;
      continue;
    }
    names.push(part.name);
    const value =
      part.type === 'segment-wildcard'
        ? segmentWildcard(options)
        : part.type === 'full-wildcard'
          ? FULL_WILDCARD
          : part.value;
    const prefix = escapeRegexp(part.prefix);
    const suffix = escapeRegexp(part.suffix);
    const single = modifier === '' || modifier === '?';
    if (prefix === '' && suffix === '') {
      source += single ? `(${value})${modifier}` : `((?:${value})${modifier})`;
    } else if (single) {
      source += `(?:${prefix}(${value})${suffix})${modifier}`;
    } else {
      source += `(?:${prefix}((?:${value})(?:${suffix}${prefix}(?:${value}))*)${suffix})`;
      if (modifier === '*') source += '?';
    }
  }
  return { source: `${source}$`, names };
}
