import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webRoot } from '../../src/server.js';

describe('webRoot', () => {
  it('is dist/web under the package root, from the sources and from the build', () => {
    const expected = resolve('dist/web');
    expect(webRoot()).toBe(expected);
    expect(webRoot(resolve('dist/server'))).toBe(expected);
    expect(webRoot(resolve('dist/server/http'))).toBe(expected);
  });
});
