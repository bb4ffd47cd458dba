import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppAsset, resolveAppAsset } from '../../../../main/protocol/app-assets.ts';
import { NONCE_PLACEHOLDER } from '../../../../main/security/csp.ts';
import { useTempDir } from '../../../support/temp-dir.ts';

const ROOT = join(sep, 'srv', 'workbench', 'renderer');

describe('resolveAppAsset: request path → file under the renderer folder', () => {
  it('serves index.html for the root', () => {
    for (const path of ['/', '']) {
      expect(resolveAppAsset(path, ROOT)).toEqual({
        kind: 'file',
        filePath: join(ROOT, 'index.html'),
        contentType: 'text/html; charset=utf-8',
        isDocument: true,
      });
    }
  });

  it.each([
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', false],
    ['/assets/worker.mjs', 'text/javascript; charset=utf-8', false],
    ['/assets/index.css', 'text/css; charset=utf-8', false],
    ['/assets/logo.svg', 'image/svg+xml', false],
    ['/favicon.ico', 'image/x-icon', false],
    ['/assets/font.woff2', 'font/woff2', false],
    ['/assets/sql.wasm', 'application/wasm', false],
    ['/assets/index.js.map', 'application/json; charset=utf-8', false],
    ['/assets/UPPER.JS', 'text/javascript; charset=utf-8', false],
    ['/video.html', 'text/html; charset=utf-8', true],
    ['/assets/m%C3%A5ling.js', 'text/javascript; charset=utf-8', false],
  ])('serves %s as %s', (path, contentType, isDocument) => {
    const resolution = resolveAppAsset(path, ROOT);
    expect(resolution).toMatchObject({ kind: 'file', contentType, isDocument });
  });

  it('treats an upper-case .HTML as a document, so it gets the CSP too', () => {
    expect(resolveAppAsset('/INDEX.HTML', ROOT)).toMatchObject({ kind: 'file', isDocument: true });
  });

  it.each(['/secret.txt', '/.env', '/assets/', '/package', '/index.html.bak', '/a.exe'])(
    'does not serve %s (unknown type)',
    (path) => {
      expect(resolveAppAsset(path, ROOT)).toEqual({ kind: 'not-found' });
    },
  );

  it.each([
    ['plain ..', '/../etc/passwd'],
    ['.. at the end', '/assets/..'],
    ['bare ..', '..'],
    ['nested ..', '/assets/../../etc/passwd.js'],
    ['encoded dots', '/%2e%2e/etc/passwd.js'],
    ['upper-case encoded dots and slash', '/%2E%2E%2Fetc%2Fpasswd.js'],
    ['encoded slash after dots', '/..%2fetc/passwd.js'],
    ['one dot encoded', '/.%2e/etc/passwd.js'],
    ['encoded backslash', '/..%5c..%5cetc%5cpasswd.js'],
    ['upper-case encoded backslash', '/..%5C..%5Cetc.js'],
    ['raw backslashes', '/..\\..\\etc\\passwd.js'],
    ['backslash without dots', '/assets\\index.js'],
    ['NUL', '/index.html%00.png'],
    ['raw NUL', '/index.html\0.js'],
    ['lone percent', '/index%.js'],
    ['bad hex', '/%zz.js'],
    ['truncated escape', '/a%2.js'],
    ['overlong UTF-8 slash', '/%c0%af..%c0%afetc.js'],
    ['overlong UTF-8 dot', '/%c0%ae%c0%ae/etc.js'],
    ['lone surrogate', '/%ed%a0%80.js'],
    ['overlong path', `/${'a/'.repeat(600)}index.js`],
  ])('refuses %s', (_what, path) => {
    expect(resolveAppAsset(path, ROOT).kind).toBe('forbidden');
  });

  it.each([
    ['double-encoded dots', '/%252e%252e/%252e%252e/etc/passwd.js'],
    ['double-encoded slash', '/..%252f..%252fetc.js'],
    ['double slashes', '//etc/passwd.js'],
    ['encoded leading slashes', '/%2F%2Fetc%2Fpasswd.js'],
    ['drive letter', '/C:/Windows/win.js'],
    ['three dots', '/.../x.js'],
    ['fullwidth dots', '/\uff0e\uff0e/x.js'],
    ['current-directory segments', '/./assets/./x.js'],
  ])('keeps %s inside the folder', (_what, path) => {
    const resolution = resolveAppAsset(path, ROOT);
    if (resolution.kind === 'file') expect(resolution.filePath.startsWith(ROOT + sep)).toBe(true);
    else expect(['forbidden', 'not-found']).toContain(resolution.kind);
  });
});

const INDEX_HTML = `<!doctype html><html><head>
<meta property="csp-nonce" nonce="${NONCE_PLACEHOLDER}">
<script type="module" src="/assets/index.js"></script>
</head><body><div id="root"></div></body></html>`;

function nonceInHeader(csp: string | undefined): string | undefined {
  return /'nonce-([^']+)'/.exec(csp ?? '')?.[1];
}

describe('loadAppAsset on a real folder', () => {
  const temp = useTempDir('wb-assets');

  async function makeRenderer(): Promise<string> {
    const root = join(temp.path, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), INDEX_HTML);
    await writeFile(join(root, 'PAGE.HTML'), INDEX_HTML);
    await writeFile(join(root, 'assets', 'index.js'), 'console.log("app");');
    await writeFile(join(root, 'notes.txt'), 'not an app file');
    await writeFile(join(temp.path, 'outside.js'), 'console.log("outside");');
    return root;
  }

  it('sends a document with a CSP whose nonce is the one written into the page', async () => {
    const root = await makeRenderer();
    const response = await loadAppAsset('/', root);

    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(response.headers['Cache-Control']).toBe('no-store');
    const nonce = nonceInHeader(response.headers['Content-Security-Policy']);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{22,}$/);
    const html = String(response.body);
    expect(html).toContain(`nonce="${nonce}"`);
    expect(html).not.toContain(NONCE_PLACEHOLDER);
  });

  it('uses a fresh nonce for every document', async () => {
    const root = await makeRenderer();
    const first = await loadAppAsset('/', root);
    const second = await loadAppAsset('/index.html', root);
    const a = nonceInHeader(first.headers['Content-Security-Policy']);
    const b = nonceInHeader(second.headers['Content-Security-Policy']);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(String(second.body)).toContain(`nonce="${b}"`);
    expect(String(second.body)).not.toContain(`nonce="${a}"`);
  });

  it('puts extra head HTML (the harness bridge) in the head, with the same nonce', async () => {
    const root = await makeRenderer();
    const response = await loadAppAsset('/', root, {
      extraHeadHtml: (nonce) => `<script nonce="${nonce}" src="/bridge.js"></script>`,
    });
    const nonce = nonceInHeader(response.headers['Content-Security-Policy']);
    expect(String(response.body)).toContain(
      `<script nonce="${nonce}" src="/bridge.js"></script></head>`,
    );
  });

  it('sends an upper-case .HTML page with a CSP too', async () => {
    const root = await makeRenderer();
    const response = await loadAppAsset('/PAGE.HTML', root);
    expect(response.status).toBe(200);
    const nonce = nonceInHeader(response.headers['Content-Security-Policy']);
    expect(nonce).toBeDefined();
    expect(String(response.body)).toContain(`nonce="${nonce}"`);
  });

  it('sends a script as it is, typed, with nosniff and without a CSP', async () => {
    const root = await makeRenderer();
    const response = await loadAppAsset('/assets/index.js', root);
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(response.headers['Content-Security-Policy']).toBeUndefined();
    expect(Buffer.from(response.body).toString()).toBe('console.log("app");');
  });

  it.each([
    ['a missing file', '/assets/missing.js', 404],
    ['an existing file of an unknown type', '/notes.txt', 404],
    ['a folder', '/assets', 404],
    ['a traversal to an existing file', '/../outside.js', 403],
    ['an encoded traversal to an existing file', '/%2e%2e/outside.js', 403],
    ['a double-encoded traversal', '/%252e%252e/outside.js', 404],
  ])('answers %s with %i and no file content', async (_what, path, status) => {
    const root = await makeRenderer();
    const response = await loadAppAsset(path, root);
    expect(response.status).toBe(status);
    expect(String(response.body)).not.toContain('outside');
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('does not follow a symlink out of the folder', async () => {
    const root = await makeRenderer();
    await symlink(join(temp.path, 'outside.js'), join(root, 'assets', 'link.js'));
    const response = await loadAppAsset('/assets/link.js', root);
    expect(response.status).toBe(404);
    expect(String(response.body)).not.toContain('outside');
  });

  it('follows a symlink that stays inside the folder', async () => {
    const root = await makeRenderer();
    await symlink(join(root, 'assets', 'index.js'), join(root, 'assets', 'alias.js'));
    const response = await loadAppAsset('/assets/alias.js', root);
    expect(response.status).toBe(200);
    expect(Buffer.from(response.body).toString()).toBe('console.log("app");');
  });
});
