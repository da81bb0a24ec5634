/**
 * A Map that forgets its least recently set entries beyond `max`. For per-message and per-run
 * caches in long-lived processes (poster pacing, Discord message routing, run overviews): a bot
 * that runs for months must not grow with every message it ever posted. Every user of it can
 * rebuild a forgotten entry (from the store or the platform), so forgetting costs an API call,
 * never correctness.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (super.has(key)) super.delete(key); // re-inserting moves it to the newest end
    super.set(key, value);
    while (this.size > this.max) {
      const oldest = this.keys().next().value as K;
      super.delete(oldest);
    }
    return this;
  }
}
