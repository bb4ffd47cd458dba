import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce } from '../../../../main/security/csp.ts';

const NONCE = 'q2F0dGVuLXNpZGRlci1wYS1tYXR0ZW4=';

/** Directive name → source list, as a browser reads the header. Duplicates are kept so they can be counted. */
function parsePolicy(policy: string): { name: string; sources: string[] }[] {
  return policy
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name = '', ...sources] = part.split(/\s+/);
      return { name: name.toLowerCase(), sources };
    });
}

function directives(nonce = NONCE): Map<string, string[]> {
  return new Map(parsePolicy(contentSecurityPolicy(nonce)).map((d) => [d.name, d.sources]));
}

describe('Content-Security-Policy', () => {
  it('names each directive once', () => {
    const names = parsePolicy(contentSecurityPolicy(NONCE)).map((d) => d.name);
    expect(names.length).toBeGreaterThan(5);
    expect(new Set(names).size).toBe(names.length);
  });

  it('runs only the app’s own scripts', () => {
    const scriptSrc = directives().get('script-src');
    expect(scriptSrc).toEqual(["'self'"]);
    for (const forbidden of [
      "'unsafe-inline'",
      "'unsafe-eval'",
      "'wasm-unsafe-eval'",
      "'unsafe-hashes'",
      "'strict-dynamic'",
      '*',
      'data:',
      'blob:',
      'http:',
      'https:',
    ]) {
      expect(scriptSrc).not.toContain(forbidden);
    }
    // No side doors that would override script-src for elements or attributes.
    expect(directives().has('script-src-elem')).toBe(false);
    expect(directives().has('script-src-attr')).toBe(false);
  });

  it('allows inline styles only with this response’s nonce', () => {
    const styleSrc = directives().get('style-src') ?? [];
    expect(styleSrc.filter((source) => source.startsWith("'nonce-"))).toEqual([`'nonce-${NONCE}'`]);
    expect(styleSrc).not.toContain("'unsafe-inline'");
    expect(styleSrc).not.toContain('*');
  });

  it.each([
    ['default-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
    ['connect-src', ["'self'"]],
  ])('sets %s to %j', (name, sources) => {
    expect(directives().get(name)).toEqual(sources);
  });

  it('lets no directive allow every source', () => {
    for (const sources of directives().values()) {
      expect(sources).not.toContain('*');
      expect(sources).not.toContain("'unsafe-eval'");
    }
  });

  it.each([
    ['empty', ''],
    ['too short', 'abc123'],
    ['quote injection', "aaaaaaaaaaaaaaaa' 'unsafe-inline"],
    ['directive injection', 'aaaaaaaaaaaaaaaa; script-src *'],
    ['space', 'aaaaaaaa aaaaaaaa'],
    ['newline', 'aaaaaaaaaaaaaaaa\nscript-src *'],
    ['comma', 'aaaaaaaaaaaaaaaa,script-src *'],
    ['non-ASCII', 'æøåæøåæøåæøåæøåæøå'],
  ])('refuses a bad nonce (%s)', (_what, nonce) => {
    expect(() => contentSecurityPolicy(nonce)).toThrow();
  });

  it('accepts the nonces it creates', () => {
    const nonce = createNonce();
    expect(directives(nonce).get('style-src')).toContain(`'nonce-${nonce}'`);
  });
});

describe('createNonce', () => {
  it('gives a different nonce every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
  });

  it('carries at least 128 bits', () => {
    const nonce = createNonce();
    expect(Buffer.from(nonce, 'base64').length * 8).toBeGreaterThanOrEqual(128);
    expect(Buffer.from(nonce, 'base64').toString('base64')).toBe(nonce);
  });
});
