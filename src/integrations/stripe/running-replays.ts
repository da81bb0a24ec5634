/**
 * Replays running in this process, so `/replay-stripe cancel`, a ❌ reaction or the Cancel button
 * on the progress message can stop one. In-process by nature (an AbortController cannot cross
 * replicas): a cancel typed on another replica finds nothing and says so.
 */
import type { MessageRef } from '../../core/chat.js';

export interface RunningReplay {
  approvalId: string;
  controller: AbortController;
  progress: MessageRef;
  requesterId: string;
}

const running = new Map<string, RunningReplay>();

export const runningReplays = {
  add(r: RunningReplay): void {
    running.set(r.approvalId, r);
  },
  remove(approvalId: string): void {
    running.delete(approvalId);
  },
  inChannel(platform: string, channelId: string): RunningReplay[] {
    return [...running.values()].filter((r) => r.progress.channel.platform === platform && r.progress.channel.id === channelId);
  },
  byMessage(ref: MessageRef): RunningReplay | undefined {
    return [...running.values()].find((r) => r.progress.id === ref.id && r.progress.channel.id === ref.channel.id);
  },
};
