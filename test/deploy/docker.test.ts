/**
 * deploy/docker: the Dockerfile parsed into instructions (no Docker daemon here) and the compose
 * file parsed as YAML, each checked for what makes them work: every COPY source exists, the bot
 * runs as PID 1's exec-form child without npm, not as root, with a health check; compose runs two
 * bot replicas on one PostgreSQL that is healthy before they start.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { CONFIG_ENV_MAP } from '../../src/config/load-config.js';

const KNOWN = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

interface Instruction { line: number; op: string; args: string }

/** Dockerfile syntax: comments, `\` continuations, INSTRUCTION args. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const start = i + 1;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = line.slice(0, -1) + ' ' + lines[++i]!.trim();
      while (i + 1 < lines.length && lines[i + 1]!.trim().startsWith('#')) i++;
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile:${start}: cannot read "${line}"`);
    out.push({ line: start, op: m[1]!.toUpperCase(), args: m[2]!.trim() });
  }
  return out;
}

describe('Dockerfile', () => {
  it('parses, and every instruction is one Docker knows', async () => {
    const ins = parseDockerfile(await readFile('deploy/docker/Dockerfile', 'utf8'));
    expect(ins[0]!.op).toBe('FROM');
    expect(ins.filter((i) => !KNOWN.has(i.op))).toEqual([]);
    // exec-form JSON arrays are valid JSON
    for (const i of ins.filter((x) => ['CMD', 'ENTRYPOINT', 'VOLUME'].includes(x.op) || (x.op === 'HEALTHCHECK' && x.args.includes('['))))
      expect(() => JSON.parse(i.args.slice(i.args.indexOf('[')))).not.toThrow();
  });

  it('copies only files that exist, runs the bot without npm and not as root, with a health check', async () => {
    const ins = parseDockerfile(await readFile('deploy/docker/Dockerfile', 'utf8'));
    const stages = ins.filter((i) => i.op === 'FROM');
    expect(stages).toHaveLength(2);
    for (const copy of ins.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
      const parts = copy.args.split(/\s+/);
      for (const src of parts.slice(0, -1)) expect(existsSync(src), `COPY ${src} (line ${copy.line})`).toBe(true);
    }
    const final = ins.slice(ins.lastIndexOf(stages[1]!));
    const entry = JSON.parse(final.find((i) => i.op === 'ENTRYPOINT')!.args) as string[];
    const cmd = JSON.parse(final.find((i) => i.op === 'CMD')!.args) as string[];
    expect([...entry, ...cmd]).toEqual(['node', 'bin/opsbridge.js', 'start']);
    expect(final.find((i) => i.op === 'USER')!.args).toBe('node');
    expect(final.find((i) => i.op === 'EXPOSE')!.args).toBe('8080');
    expect(final.find((i) => i.op === 'HEALTHCHECK')!.args).toContain('/healthz');
    const env = final.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    for (const name of env.match(/\b[A-Z_]+(?==)/g)!) expect([...CONFIG_ENV_MAP.map(([n]) => n)]).toContain(name);
  });
});

describe('compose file', () => {
  it('runs two bot replicas on one PostgreSQL that is healthy first', async () => {
    const compose = parse(await readFile('deploy/docker/compose.yaml', 'utf8')) as {
      services: Record<string, { image?: string; build?: { context: string; dockerfile: string }; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; deploy?: { replicas: number }; healthcheck?: { test: string[] }; ports?: string[] }>;
    };
    const { bot, postgres } = compose.services;
    expect(bot!.deploy!.replicas).toBe(2);
    expect(existsSync(`deploy/docker/${bot!.build!.context}/${bot!.build!.dockerfile}`)).toBe(true);
    expect(bot!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres!.healthcheck!.test.join(' ')).toContain('pg_isready');
    expect(new URL(bot!.environment!.DATABASE_URL!.replace('${POSTGRES_PASSWORD}', 'x')).host).toBe('postgres:5432');
    for (const name of Object.keys(bot!.environment!)) expect(CONFIG_ENV_MAP.map(([n]) => n)).toContain(name);
    // one host port per replica
    expect(bot!.ports).toEqual(['8080-8081:8080']);
    const example = await readFile('deploy/docker/.env.example', 'utf8');
    expect(example).toContain('SLACK_SIGNING_SECRET=');
  });
});
