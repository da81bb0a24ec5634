/**
 * Environment variables. A prefix (`X=1 cmd`, `env X=1 cmd`, `export X=1`) changes how a program
 * runs (GIT_EXTERNAL_DIFF, LD_PRELOAD, PAGER, NODE_OPTIONS ...), so only a short list of names
 * known to be harmless is allowed. A plain shell assignment (`APP=api`) only sets a shell variable,
 * unless the name is one the shell itself acts on, or one a program reads that may already be exported.
 */
const HARMLESS = new Set([
  'PGCONNECT_TIMEOUT', 'PGAPPNAME', 'PGDATABASE', 'PGPORT', 'LANG', 'LANGUAGE', 'TZ', 'NO_COLOR', 'FORCE_COLOR', 'CLICOLOR', 'TERM',
  'COLUMNS', 'LINES', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PAGER', 'KUBECTL_COMMAND_HEADERS', 'SYSTEMD_COLORS', 'SYSTEMD_LESS',
]);
/** Pagers may only be turned off: any other value is a program to run. */
const PAGERS = new Set(['PAGER', 'GIT_PAGER', 'SYSTEMD_PAGER', 'MANPAGER', 'PSQL_PAGER', 'AWS_PAGER', 'BAT_PAGER']);

export function harmlessEnv(name: string, value: string): boolean {
  if (PAGERS.has(name)) return value === 'cat' || value === '' || (name === 'PSQL_PAGER' && value === 'off');
  if (/^LC_[A-Z]+$/.test(name)) return /^[\w.@-]*$/.test(value);
  return HARMLESS.has(name) && !/[$`]/.test(value);
}

/** Shell variables the shell acts on, and names programs read (which may already be exported). */
const SHELL_SPECIAL = new Set([
  'PATH', 'IFS', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'PROMPT_DIRTRIM', 'BASH_ENV', 'ENV', 'CDPATH', 'HOME', 'GLOBIGNORE', 'SHELLOPTS',
  'BASHOPTS', 'HISTFILE', 'HISTCONTROL', 'HISTIGNORE', 'FIGNORE', 'EXECIGNORE', 'FUNCNEST', 'POSIXLY_CORRECT', 'OPTIND', 'OPTARG', 'TMOUT',
  'MAIL', 'MAILPATH', 'MAILCHECK', 'HOSTFILE', 'INPUTRC', 'OLDPWD', 'PWD', 'SHELL', 'TMPDIR', 'EDITOR', 'VISUAL', 'BROWSER', 'PAGER',
  'MANPAGER', 'LESSOPEN', 'LESSCLOSE', 'LESS', 'LESSKEY', 'LESSSECURE', 'TERMINFO', 'HOSTALIASES', 'LOCALDOMAIN', 'RES_OPTIONS', 'SSLKEYLOGFILE',
  'http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy', 'KUBECONFIG', 'DOCKER_HOST',
]);
const PROGRAM_PREFIXES = /^(BASH_|LD_|DYLD_|GIT_|PG|PSQL|REDIS|CURL|KUBE|DOCKER|AWS_|CLOUDSDK_|GOOGLE_|NODE_|NPM_|npm_|YARN_|PNPM_|PM2|PYTHON|PERL|RUBY|GEM_|JAVA|SSL_|OPENSSL|SSH_|GNUPG|SYSTEMD_|JOURNAL|SQLITE|WRANGLER|CLOUDFLARE|CF_|VERCEL|SUPABASE|STRIPE|HEROKU|GH_|GITHUB_|RIPGREP|GREP_|JQ_|YQ_|LESS|TAR_|COMP_|READLINE|TERMCAP)/;

/** Why a plain assignment to NAME is not harmless, or undefined when it only sets a shell variable. */
export function dangerousShellVar(name: string): string | undefined {
  if (SHELL_SPECIAL.has(name)) return `the shell or the programs it starts act on ${name}`;
  if (PROGRAM_PREFIXES.test(name)) return `${name} may already be exported, so assigning it changes what later programs read`;
  return undefined;
}
