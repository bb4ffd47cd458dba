import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SOURCE_FOLDERS = ['main', 'preload', 'renderer', 'shared'];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(folder, file));
}

/** Relative imports that load code at run time (`import type` and all-`type` lists excluded). */
export function valueImports(file: string, source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(
    /^(?:import|export)\s+(type\s+)?([^'"]*?)from\s+'(\.[^']+)'/gms,
  )) {
    const [, typeOnly, clause = '', specifier = ''] = match;
    if (typeOnly) continue;
    const names = /^\{([^}]*)\}\s*$/s.exec(clause.trim())?.[1];
    const list = names
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (list && list.length > 0 && list.every((name) => name.startsWith('type '))) continue;
    found.push(relative(ROOT, resolve(ROOT, dirname(file), specifier)));
  }
  return found;
}

/** Every circle of run-time imports, as file → … → file. */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open')
        circles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return circles;
}

describe('imports run one way', () => {
  it('finds a circle when there is one, and not through type-only imports', () => {
    expect(valueImports('renderer/a.ts', "import { b } from './b.ts';")).toEqual(['renderer/b.ts']);
    expect(valueImports('renderer/a.ts', "import type { B } from './b.ts';")).toEqual([]);
    expect(valueImports('renderer/a.ts', "import { type B, type C } from './b.ts';")).toEqual([]);
    expect(valueImports('renderer/a.ts', "import { type B, c } from './b.ts';")).toEqual([
      'renderer/b.ts',
    ]);
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(importCircles(graph)).toEqual(['a.ts → b.ts → c.ts → a.ts']);
    expect(
      importCircles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('no source file imports (at run time) a file that imports it back, directly or not', () => {
    const graph = new Map<string, string[]>();
    for (const file of SOURCE_FOLDERS.flatMap(sourceFiles))
      graph.set(file, valueImports(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(graph.size).toBeGreaterThan(200);
    expect(importCircles(graph)).toEqual([]);
  });
});
