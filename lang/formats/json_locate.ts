// Finds where a JSON text stops being valid, as a line and column. JSON.parse's messages differ
// between engines and Node versions (some give an offset, some don't), and a user opening a
// broken notebook deserves the exact spot, so this small validator walks the text itself.

export interface JsonErrorLocation {
  message: string;
  offset: number;
  line: number;
  column: number;
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Deeper nesting than this is refused: no notebook needs it, and walking it (here or in any later
 * recursive reader) would exhaust the stack.
 */
export const MAX_JSON_DEPTH = 512;

class Fail {
  constructor(readonly message: string, readonly offset: number) {}
}

/**
 * Returns null when the text is valid JSON that convbook accepts, otherwise the first error and
 * its position. Beyond JSON's grammar it refuses a key repeated in one object (JSON.parse would
 * silently keep the last, dropping the other's content) and nesting deeper than MAX_JSON_DEPTH.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  let depth = 0;
  const enter = () => {
    if (++depth > MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  };
  const fail = (message: string): never => {
    throw new Fail(message, i);
  };
  const describe = () => (i >= text.length ? 'end of file' : `'${text[i]}'`);
  const skipWhitespace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail('control character inside a string (a line break must be written \\n)');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in a string');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail('bad escape in a string');
        i += 2;
        continue;
      }
      i++;
    }
    fail('unterminated string');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`unexpected ${describe()}`);
    i += m![0].length;
  };
  const value = (): void => {
    skipWhitespace();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(i >= text.length ? 'unexpected end of file' : `unexpected ${describe()}`);
  };
  const object = () => {
    enter();
    i++;
    skipWhitespace();
    if (text[i] === '}') {
      i++;
      depth--;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      skipWhitespace();
      if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
      const keyStart = i;
      string();
      const key = JSON.parse(text.slice(keyStart, i)) as string;
      if (keys.has(key)) {
        i = keyStart;
        fail(`the key ${JSON.stringify(key)} appears twice in one object (convbook will not guess which one to keep)`);
      }
      keys.add(key);
      skipWhitespace();
      if (text[i] !== ':') fail(`expected ':' after the property name, found ${describe()}`);
      i++;
      value();
      skipWhitespace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        depth--;
        return;
      }
      fail(`expected ',' or '}', found ${describe()}`);
    }
  };
  const array = () => {
    enter();
    i++;
    skipWhitespace();
    if (text[i] === ']') {
      i++;
      depth--;
      return;
    }
    for (;;) {
      value();
      skipWhitespace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        depth--;
        return;
      }
      fail(`expected ',' or ']', found ${describe()}`);
    }
  };
  try {
    value();
    skipWhitespace();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the document`);
    return null;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    return { message: e.message, offset: e.offset, ...lineColumnAt(text, e.offset) };
  }
}
