/**
 * Keeps the first and last bytes of a step's output within a fixed budget, however much the
 * step writes: the head says what started, the tail says how it ended; the middle is counted
 * and dropped. Cuts fall on line boundaries where that keeps most of the budget, otherwise on
 * UTF-8 character boundaries, so no line or character is shown half.
 */
export class BoundedOutput {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer;
  private headLen = 0;
  /** recent chunks; their total stays below tailCap + one chunk */
  private tail: Buffer[] = [];
  private tailLen = 0;
  private total = 0;

  constructor(readonly maxBytes: number) {
    this.headCap = Math.floor(maxBytes / 2);
    this.tailCap = maxBytes - this.headCap;
    this.head = Buffer.alloc(this.headCap);
  }

  get totalBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.maxBytes;
  }

  push(chunk: Buffer | string): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.total += buf.length;
    if (this.headLen < this.headCap) {
      const n = Math.min(this.headCap - this.headLen, buf.length);
      buf.copy(this.head, this.headLen, 0, n);
      this.headLen += n;
      buf = buf.subarray(n);
    }
    if (buf.length === 0) return;
    this.tail.push(buf);
    this.tailLen += buf.length;
    while (this.tail.length > 1 && this.tailLen - this.tail[0]!.length >= this.tailCap) {
      this.tailLen -= this.tail.shift()!.length;
    }
  }

  text(): string {
    const tailAll = Buffer.concat(this.tail, this.tailLen);
    if (!this.truncated) return Buffer.concat([this.head.subarray(0, this.headLen), tailAll]).toString('utf8');
    const head = this.head.subarray(0, headCut(this.head, this.headLen));
    const tailBytes = tailAll.subarray(Math.max(0, tailAll.length - this.tailCap));
    const tail = tailBytes.subarray(tailCut(tailBytes));
    const omitted = this.total - head.length - tail.length;
    const headText = head.toString('utf8');
    const sep = headText.length === 0 || headText.endsWith('\n') ? '' : '\n';
    return `${headText}${sep}… ${omitted} bytes omitted …\n${tail.toString('utf8')}`;
  }
}

const NL = 0x0a;

/** End of the kept head: after its last newline if that keeps at least half, else a char boundary. */
function headCut(buf: Buffer, len: number): number {
  const nl = buf.lastIndexOf(NL, len - 1);
  if (nl >= 0 && nl + 1 >= len / 2) return nl + 1;
  let end = len;
  // step back over an incomplete trailing UTF-8 sequence
  let i = end - 1;
  while (i >= 0 && i > end - 4 && (buf[i]! & 0xc0) === 0x80) i--;
  if (i >= 0 && buf[i]! >= 0xc0 && i + seqLength(buf[i]!) > end) end = i;
  return end;
}

/** Start of the kept tail: after its first newline if that keeps at least half, else a char boundary. */
function tailCut(buf: Buffer): number {
  const nl = buf.indexOf(NL);
  if (nl >= 0 && nl + 1 <= buf.length / 2) return nl + 1;
  let start = 0;
  while (start < buf.length && start < 3 && (buf[start]! & 0xc0) === 0x80) start++;
  return start;
}

function seqLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return 2;
}
