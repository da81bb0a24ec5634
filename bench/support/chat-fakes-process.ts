/**
 * Fake Slack and fake Discord for the start-up and idle-memory benchmarks, in their own process so
 * their memory and CPU never count as the bot's. IPC: sends the URLs and ids once up; exits on 'close'.
 */
import { startFakeDiscord } from '../../test/fakes/discord/fake-discord.js';
import { FakeSlack } from '../../test/fakes/slack/fake-slack.js';

const slack = await new FakeSlack({}).start();
const discord = await startFakeDiscord({});
process.on('message', async (m) => {
  if (m !== 'close') return;
  await Promise.all([slack.close(), discord.close()]);
  process.exit(0);
});
process.send!({ slackApiUrl: slack.apiUrl, slackBotToken: slack.botToken, discordApiUrl: discord.apiUrl, discordApplicationId: discord.state.applicationId });
