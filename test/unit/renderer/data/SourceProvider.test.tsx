// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { createPrefetches, type SourceRequest } from '../../../../renderer/data/prefetch.ts';
import { SourceProvider, useSourceRequest } from '../../../../renderer/data/SourceProvider.tsx';
import { createMemorySource } from '../../../../renderer/data/source/memory-source.ts';

afterEach(cleanup);

function View({ request }: { readonly request: SourceRequest<string> }) {
  const query = useSourceRequest(request);
  return (
    <div>
      <p>{query.status === 'ready' ? query.data : query.status}</p>
      <button onClick={query.reload}>reload</button>
    </div>
  );
}

function counted(key: string) {
  let runs = 0;
  const request: SourceRequest<string> = {
    key,
    run: () => {
      runs += 1;
      return Promise.resolve(`${key} #${runs}`);
    },
  };
  return { request, runs: () => runs };
}

describe('useSourceRequest with a query started before the view', () => {
  const source = createMemorySource([]);

  test('the view takes the started run instead of asking again; a reload asks anew', async () => {
    const prefetches = createPrefetches();
    const { request, runs } = counted('caseload:team-1');
    prefetches.start(source, request);
    render(
      <SourceProvider source={source} prefetches={prefetches}>
        <View request={request} />
      </SourceProvider>,
    );
    expect(await screen.findByText('caseload:team-1 #1')).toBeTruthy();
    expect(runs()).toBe(1);
    act(() => {
      screen.getByRole('button', { name: 'reload' }).click();
    });
    expect(await screen.findByText('caseload:team-1 #2')).toBeTruthy();
    expect(runs()).toBe(2);
  });

  test('a view asking with another key asks for itself', async () => {
    const prefetches = createPrefetches();
    const started = counted('caseload:team-1');
    const other = counted('caseload:team-2');
    prefetches.start(source, started.request);
    render(
      <SourceProvider source={source} prefetches={prefetches}>
        <View request={other.request} />
      </SourceProvider>,
    );
    expect(await screen.findByText('caseload:team-2 #1')).toBeTruthy();
    expect(other.runs()).toBe(1);
  });

  test('without started runs, the view asks once', async () => {
    const { request, runs } = counted('caseload:team-1');
    render(
      <SourceProvider source={source}>
        <View request={request} />
      </SourceProvider>,
    );
    expect(await screen.findByText('caseload:team-1 #1')).toBeTruthy();
    expect(runs()).toBe(1);
  });
});
