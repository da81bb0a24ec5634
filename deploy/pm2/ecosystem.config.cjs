// PM2 process file: `pm2 start deploy/pm2/ecosystem.config.cjs` from the opsbridge checkout.
// PM2 runs node on bin/opsbridge.js directly (not `npm start`): the signal PM2 sends on stop or
// reload reaches the bot itself, which then finishes in-flight work, marks still-running steps
// interrupted and exits. Through npm, the signal would stop npm and orphan the bot.
const path = require('node:path');

module.exports = {
  apps: [
    {
      name: 'opsbridge',
      cwd: path.resolve(__dirname, '../..'),
      script: 'bin/opsbridge.js',
      args: 'start',
      interpreter: 'node',
      exec_mode: 'fork',
      instances: 1,
      // The bot's own shutdown grace is 15 s; give it that and a little more before SIGKILL.
      kill_timeout: 20000,
      autorestart: true,
      max_restarts: 10,
      min_uptime: '10s',
      restart_delay: 2000,
      time: true,
      env: {
        NODE_ENV: 'production',
        // Tokens and DATABASE_URL come from the environment `pm2 start` runs in (or an env file
        // your shell sources first), never from this file.
      },
    },
  ],
};
