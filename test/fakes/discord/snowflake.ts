/**
 * Discord ids are snowflakes: milliseconds since the Discord epoch in the top bits. discord.js
 * derives createdTimestamp from them (interaction token age), so the fake mints real ones.
 */
const DISCORD_EPOCH = 1420070400000n;
let counter = 0n;

export function snowflake(at: number = Date.now()): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | counter).toString();
}
