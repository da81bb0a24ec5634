/**
 * The fake Discord for the ack benchmark, in its own process so its HTTP and gateway work does
 * not compete with the client being measured. IPC: sends { apiUrl, applicationId } once up;
 * on { burst: N } dispatches N slash commands at once and answers { p99, latencies } (ms from dispatch
 * to the deferral callback, both read on this process's clock); exits on 'close'.
 */
import { startFakeDiscord } from '../../test/fakes/discord/fake-discord.js';
import { percentile } from './stats.js';

const fake = await startFakeDiscord({});
const isCallback = (p: string) => /^\/interactions\/\d+\/[^/]+\/callback$/.test(p);

process.on('message', async (m) => {
  if (typeof m === 'object' && m !== null && 'burst' in m) {
    const n = (m as { burst: number }).burst;
    const before = fake.calls.filter((c) => isCallback(c.path)).length;
    const sent = new Map<string, number>();
    const members = Object.values(fake.members);
    for (let i = 0; i < n; i++) {
      const { id, dispatchedAt } = fake.slashCommand({ member: members[i % members.length]!, name: 'health' });
      sent.set(id, dispatchedAt);
    }
    const ours = () => fake.calls.filter((c) => isCallback(c.path)).slice(before);
    while (ours().length < n) await new Promise((r) => setTimeout(r, 10));
    const latencies = ours().map((c) => c.hr - sent.get(c.path.split('/')[2]!)!);
    process.send!({ p99: Math.round(percentile(latencies, 99) * 10) / 10, latencies });
  }
  if (m === 'close') {
    await fake.close();
    process.exit(0);
  }
});
process.send!({ apiUrl: fake.apiUrl, applicationId: fake.state.applicationId });
