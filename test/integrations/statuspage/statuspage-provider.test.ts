import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core/clock.js';
import { isOpsError } from '../../../src/core/errors.js';
import { isRetryable } from '../../../src/integrations/statuspage/paced-client.js';
import { createStatuspageProvider } from '../../../src/integrations/statuspage/statuspage-provider.js';
import { startFakeStatuspage, type FakeStatuspage } from '../../fakes/statuspage/fake-statuspage.js';
import { drive } from './drive.js';

let fake: FakeStatuspage | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(apiKey = 'sp-test-key') {
  const clock = new ManualClock();
  fake = await startFakeStatuspage({ clock, components: [{ id: 'cmp_api', name: 'API' }, { id: 'cmp_hooks', name: 'Webhooks' }] });
  const provider = createStatuspageProvider({
    apiKey,
    pageId: fake.pageId,
    apiUrl: fake.url,
    components: { API: 'cmp_api', Webhooks: 'cmp_hooks' },
    fetch,
    clock,
  });
  return { clock, fake, provider };
}

describe('statuspage provider against the fake Atlassian API', () => {
  it('sends OAuth-authenticated requests at most one per second, never tripping the rate limit', async () => {
    const { clock, fake, provider } = await setup();
    await drive(
      Promise.all([
        provider.setComponent('API', 'degraded_performance'),
        provider.setComponent('webhooks', 'partial_outage'),
        provider.setComponent('api', 'operational'),
      ]),
      clock,
    );
    expect(fake.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['PATCH', '/v1/pages/pg1/components/cmp_api', 200],
      ['PATCH', '/v1/pages/pg1/components/cmp_hooks', 200],
      ['PATCH', '/v1/pages/pg1/components/cmp_api', 200],
    ]);
    expect(fake.calls.every((c) => c.authorization === 'OAuth sp-test-key')).toBe(true);
    const gaps = fake.calls.slice(1).map((c, i) => c.at - fake.calls[i]!.at);
    expect(gaps.every((g) => g >= 1000)).toBe(true);
    expect(fake.components.get('cmp_api')!.status).toBe('operational');
    expect(fake.components.get('cmp_hooks')!.status).toBe('partial_outage');
  });

  it('waits out 429 per Retry-After and 420 with backoff, then succeeds', async () => {
    const { clock, fake, provider } = await setup();
    fake.failNext(1, 429, '3');
    fake.failNext(1, 420);
    await drive(provider.setComponent('API', 'major_outage'), clock);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 420, 200]);
    expect(fake.calls[1]!.at - fake.calls[0]!.at).toBeGreaterThanOrEqual(3000);
    expect(fake.calls[2]!.at - fake.calls[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(fake.components.get('cmp_api')!.status).toBe('major_outage');
  });

  it('gives up on a rate limit that persists, with a retryable error', async () => {
    const { clock, fake, provider } = await setup();
    fake.failNext(10, 429, '1');
    const err = await drive(provider.setComponent('API', 'major_outage'), clock).catch((e: unknown) => e);
    expect(isOpsError(err, 'STATUSPAGE_RATE_LIMITED')).toBe(true);
    expect(isRetryable(err)).toBe(true);
    expect(fake.calls).toHaveLength(4);
  });

  it('opens, updates and resolves an incident with impact and affected components', async () => {
    const { clock, fake, provider } = await setup();
    const { ref } = await drive(
      provider.openIncident({ name: 'Webhook delays', status: 'investigating', impact: 'major', body: 'We are looking into it.', components: ['Webhooks', 'Unmapped'] }),
      clock,
    );
    expect(fake.incidents.get(ref)).toMatchObject({ name: 'Webhook delays', status: 'investigating', impact: 'major' });
    expect(fake.components.get('cmp_hooks')!.status).toBe('partial_outage');
    await drive(provider.updateIncident(ref, { status: 'monitoring', body: 'A fix is out.' }), clock);
    await drive(provider.resolveIncident(ref, 'All clear.', ['Webhooks']), clock);
    const inc = fake.incidents.get(ref)!;
    expect(inc.status).toBe('resolved');
    expect(inc.incident_updates.map((u) => [u.status, u.body])).toEqual([
      ['resolved', 'All clear.'],
      ['monitoring', 'A fix is out.'],
      ['investigating', 'We are looking into it.'],
    ]);
    expect(fake.components.get('cmp_hooks')!.status).toBe('operational');
    expect(fake.calls[0]!.body).toMatchObject({ incident: { impact_override: 'major', component_ids: ['cmp_hooks'] } });
  });

  it('reports a wrong key and an API outage distinctly', async () => {
    const bad = await setup('wrong-key');
    const err = await drive(bad.provider.setComponent('API', 'operational'), bad.clock).catch((e: unknown) => e);
    expect(isOpsError(err, 'STATUSPAGE_REJECTED')).toBe(true);
    expect(isRetryable(err)).toBe(false);
    expect((err as Error).message).toContain('401');

    await bad.fake.close();
    const { clock, fake, provider } = await setup();
    fake.setDown(true);
    const down = await drive(provider.setComponent('API', 'operational'), clock).catch((e: unknown) => e);
    expect(isOpsError(down, 'STATUSPAGE_UNAVAILABLE')).toBe(true);
    expect(isRetryable(down)).toBe(true);
  });

  it('refuses a component with no Statuspage id, naming the config key', async () => {
    const { clock, provider, fake } = await setup();
    const err = await drive(provider.setComponent('Email', 'operational'), clock).catch((e: unknown) => e);
    expect((err as Error).message).toContain('statuspage.components');
    expect(fake.calls).toHaveLength(0);
  });
});
