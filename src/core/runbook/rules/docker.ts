/**
 * docker and docker compose: ps/logs/inspect/images/stats/... with declared options. exec, run,
 * cp, and everything that starts, stops or removes is gated; `--config` points the client at
 * another configuration (credential helpers run programs), `-H` at another daemon.
 */
import { cliRule, noSecrets, type SubShape } from './subcommands.js';
import { approve, q } from './types.js';

const LOGS: SubShape = { options: { flags: '-f --follow -t --timestamps --details', values: '--tail -n --since --until' } };
const LIST: SubShape = { options: { flags: '-a --all -q --quiet --no-trunc -s --size --digests -l --latest', values: '--format -f --filter -n --last' } };
/** docker inspect prints a container's environment (secrets) unless a format picks other fields or a pipe filters it. */
const INSPECT: SubShape = {
  options: { flags: '-s --size', values: '-f --format --type' },
  operands: noSecrets('docker inspect'),
  check: (p, cmd) => {
    const format = p.options.find((o) => o.name === '-f' || o.name === '--format')?.value;
    if (format === undefined ? cmd.stdoutPiped : !/Env|Config\b|json \.\s*\}\}|^\{\{\s*json\s+\.\s*\}\}$/.test(format)) return undefined;
    return [approve(`docker inspect ${format === undefined ? 'without --format' : q(`--format ${format}`)} prints the container's environment, which holds secrets; pick fields with --format`)];
  },
};
const STATS: SubShape = { options: { flags: '-a --all --no-stream --no-trunc', values: '--format' } };
const NONE: SubShape = { options: { values: '--format -f' } };

const COMPOSE_READ: Record<string, SubShape> = {
  'compose ps': { options: { flags: '-a --all -q --quiet --services --no-trunc', values: '--format --filter --status' } },
  'compose logs': { options: { flags: '-f --follow -t --timestamps --no-color --no-log-prefix', values: '--tail -n --since --until' } },
  'compose config': {
    options: { flags: '-q --quiet --services --volumes --images --profiles --no-interpolate --no-normalize --resolve-image-digests', values: '--format --hash' },
    check: (p) => (p.options.some((o) => /^(-q|--quiet|--services|--volumes|--images|--profiles)$/.test(o.name)) ? undefined : [approve(`docker ${q('compose config')} prints the resolved configuration, environment secrets included`)]),
  },
  'compose images': NONE, 'compose top': {}, 'compose ls': LIST, 'compose version': NONE, 'compose port': { options: { values: '--protocol --index' } }, 'compose events': { options: { flags: '--json' } },
};
const COMPOSE_GLOBAL = '-f --file -p --project-name --profile --project-directory --env-file --ansi --progress';

export const docker = cliRule({
  program: 'docker',
  global: { flags: '--help -h --version -v -D --debug', values: '-l --log-level --context -c', deny: { '-H': 'talks to another Docker daemon', '--host': 'talks to another Docker daemon', '--config': 'reads another client configuration, whose credential helpers run programs', '--tls': 'uses client certificates', '--tlscert': 'reads a client certificate', '--tlskey': 'reads a private key', '--tlscacert': 'reads a file' } },
  read: {
    ps: LIST, 'container ls': LIST, 'container ps': LIST, 'container list': LIST, images: LIST, 'image ls': LIST, 'image list': LIST,
    logs: LOGS, 'container logs': LOGS, 'service logs': { options: { flags: '-f --follow -t --timestamps --no-trunc --no-resolve --no-task-ids --raw --details', values: '--tail -n --since' } },
    inspect: INSPECT, 'container inspect': INSPECT, 'image inspect': INSPECT, 'network inspect': INSPECT, 'volume inspect': INSPECT, 'service inspect': { options: { flags: '--pretty', values: '-f --format' } }, 'node inspect': { options: { flags: '--pretty', values: '-f --format' } },
    stats: STATS, 'container stats': STATS, top: {}, 'container top': {}, port: {}, 'container port': {}, diff: {}, 'container diff': {}, history: { options: { flags: '-q --quiet --no-trunc -H --human', values: '--format' } }, 'image history': { options: { flags: '-q --quiet --no-trunc -H --human', values: '--format' } },
    version: NONE, info: NONE, 'system info': NONE, 'system df': { options: { flags: '-v --verbose', values: '--format' } }, events: { options: { values: '--since --until -f --filter --format' } }, 'system events': { options: { values: '--since --until -f --filter --format' } },
    'network ls': LIST, 'volume ls': LIST, 'context ls': LIST, 'context show': {}, 'node ls': LIST, 'service ls': LIST, 'service ps': LIST, 'stack ls': LIST, 'stack ps': LIST, 'stack services': LIST,
    'compose': { options: { flags: '--help --version' } },
    ...Object.fromEntries(Object.entries(COMPOSE_READ).map(([k, v]) => [k, { ...v, options: { ...v.options, values: [v.options?.values, COMPOSE_GLOBAL].filter(Boolean).join(' ') } }])),
  },
  gated: {
    exec: 'runs a command inside a container', 'container exec': 'runs a command inside a container', run: 'starts a container', 'container run': 'starts a container', cp: 'copies files into or out of a container',
    rm: 'removes containers', rmi: 'removes images', restart: 'restarts a container', stop: 'stops a container', start: 'starts a container', kill: 'kills a container', pause: 'pauses a container',
    'system prune': 'deletes unused data', 'image prune': 'deletes images', 'container prune': 'deletes containers', 'volume prune': 'deletes volumes', 'volume rm': 'deletes volumes', build: 'builds an image',
    pull: 'downloads an image', push: 'uploads an image', login: 'stores registry credentials', 'compose up': 'starts services', 'compose down': 'stops and removes services',
    'compose restart': 'restarts services', 'compose exec': 'runs a command inside a container', 'compose run': 'starts a container', 'compose stop': 'stops services', 'compose rm': 'removes containers',
    'compose pull': 'downloads images', 'compose build': 'builds images', update: 'changes a container', 'service update': 'changes a service', 'service scale': 'changes replica counts', 'secret inspect': 'shows secret metadata', save: 'writes an image archive', export: 'writes a container archive',
  },
});
